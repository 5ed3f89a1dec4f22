import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/observability/redact.js';

describe('createRedactor', () => {
  it('removes every known secret value', () => {
    const redact = createRedactor(['s3cr3t-value', 'abc']);
    expect(redact('token s3cr3t-value failed; again s3cr3t-value')).toBe('token [redacted] failed; again [redacted]');
    expect(redact('abc is too short to be treated as a secret')).toContain('abc');
  });

  it('removes token shapes it was not told about', () => {
    const redact = createRedactor([]);
    expect(redact('auth xoxb-1234-5678-abcdefgh failed')).toBe('auth [redacted] failed');
    expect(redact('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: [redacted]');
    expect(redact('connect postgres://app:hunter22@db:5432/x')).toBe('connect postgres://app:[redacted]@db:5432/x');
  });
});
