// Integrations: a copy of a Sentry payload fit to store. Issue alerts carry the captured request
// (headers, cookies) when the project's data scrubbing is off; credentials never reach our store.

const SENSITIVE = /authorization|cookie|password|passwd|secret|token|api[-_]?key|x-auth/i;
const REDACTED = '[redacted]';
/** Deeper than any Sentry payload: past it the value is kept as is rather than risk the stack. */
const MAX_DEPTH = 64;

export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // Sentry sends headers as [name, value] pairs.
    if (value.length === 2 && typeof value[0] === 'string' && SENSITIVE.test(value[0])) return [value[0], REDACTED];
    return value.map((v) => withoutSecrets(v, depth + 1));
  }
  // fromEntries defines own properties, so a "__proto__" key stays data and never becomes a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SENSITIVE.test(k) && v !== null && v !== '' ? REDACTED : withoutSecrets(v, depth + 1)]),
  );
}
