// Tests: log samples are scrubbed before they are posted or stored — emails, credentials in URLs and
// headers, card-like numbers (Luhn-valid only, so ids and timestamps stay readable).
import { describe, expect, it } from 'vitest';
import { scrubSample } from '../../../src/domain/diagnostics.js';

describe('scrubSample', () => {
  it('masks emails', () => {
    expect(scrubSample('user Jane.Doe+x@mail.example.co.uk failed')).toBe('user [email] failed');
  });

  it('masks credentials in URLs: user:password@ and token-like query values', () => {
    expect(scrubSample('GET https://bob:hunter2@db.example.com/x?api_key=abc123&page=2&access_token=zzz#f'))
      .toBe('GET https://[redacted]@db.example.com/x?api_key=[redacted]&page=2&access_token=[redacted]#f');
  });

  it('masks bearer tokens in logged headers', () => {
    expect(scrubSample('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig')).toBe('Authorization: Bearer [redacted]');
  });

  it('masks card-like numbers that pass Luhn, and leaves other long numbers alone', () => {
    expect(scrubSample('card 4111 1111 1111 1111 and 4242-4242-4242-4242 and 5555555555554444')).toBe('card [card] and [card] and [card]');
    expect(scrubSample('order 1234567890123 at 1796681168000')).toBe('order 1234567890123 at 1796681168000');
  });
});
