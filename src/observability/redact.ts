// Observability: scrubs secrets out of text before it reaches a log line, the store or Sentry.

// Token shapes worth catching even when we were not told the value (a vendor echoing a header).
const TOKEN_SHAPES: Array<[RegExp, string]> = [
  [/\bxox[abposr]-[A-Za-z0-9-]{8,}/g, '[redacted]'], // Slack bot/user tokens
  [/\bxapp-[A-Za-z0-9-]{8,}/g, '[redacted]'], // Slack app-level tokens
  [/\b(?:Bearer|Token|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '[redacted]'],
  [/(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/gi, '$1[redacted]@'], // password in a connection string
];

export type Redactor = (text: string) => string;

/** Known secret values (at least 4 characters) are replaced wherever they appear. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const known = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const s of known) out = out.split(s).join('[redacted]');
    for (const [shape, replacement] of TOKEN_SHAPES) out = out.replace(shape, replacement);
    return out;
  };
}
