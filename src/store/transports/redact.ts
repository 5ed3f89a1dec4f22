// Store transports: keeps connection strings, passwords and keys out of every error we raise.

/** Replaces each secret (and its URL-encoded form) in `text` with [redacted]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  const forms = secrets.flatMap((s) => [s, encodeURIComponent(s)]).filter((s) => s.length >= 3);
  // Longest first, so a connection string goes before the password inside it.
  for (const s of [...new Set(forms)].sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  return out;
}

/** What in a connection URL must never be shown: the whole URL and its password. */
export function secretsOfUrl(url: string): string[] {
  const secrets = [url];
  try {
    const parsed = new URL(url);
    if (parsed.password) secrets.push(parsed.password, decodeURIComponent(parsed.password));
  } catch {
    // Not a URL we can parse: the whole string is still redacted.
  }
  return secrets;
}
