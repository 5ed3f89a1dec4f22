// Observability: scrubs secrets out of text before it reaches a log line, the store or Sentry.

// Token shapes worth catching even when we were not told the value (a vendor echoing a header).
const TOKEN_SHAPES: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack bot/user/app tokens
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\b(Bearer|Token|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/gi, // password in a connection string
];

export type Redactor = (text: string) => string;

/** Known secret values (at least 4 characters) are replaced wherever they appear. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const known = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const s of known) out = out.split(s).join('[redacted]');
    for (const shape of TOKEN_SHAPES) {
      out = out.replace(shape, (match, prefix: string) =>
        typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]${match.endsWith('@') ? '@' : ''}` : '[redacted]',
      );
    }
    return out;
  };
}
