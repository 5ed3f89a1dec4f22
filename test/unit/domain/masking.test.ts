import { describe, expect, it } from 'vitest';
import { DEFAULT_MASKING, maskDeep, maskRecord, maskText } from '../../../src/domain/masking.js';

describe('maskText', () => {
  it.each([
    ['login failed for jane.doe+x@example.co.uk', 'login failed for [email]'],
    ['call +44 20 7946 0958 now', 'call [phone] now'],
    ['call (415) 555-0132', 'call [phone]'],
    ['card 4111 1111 1111 1111 declined', 'card [card] declined'],
    ['card 4111-1111-1111-1111', 'card [card]'],
    ['order 1234567890123 (not Luhn)', 'order 1234567890123 (not Luhn)'],
    ['GET https://api.example.com/v1/x?user=1&token=abc123&b=2', 'GET https://api.example.com/v1/x?user=1&token=[redacted]&b=2'],
    ['https://admin:hunter2@db.example.com/x', 'https://[redacted]@db.example.com/x'],
    ['from 198.51.100.7 and 2001:db8::1', 'from [ip] and [ip]'],
    ['at 2026-11-02 10:00:00 took 10:00', 'at 2026-11-02 10:00:00 took 10:00'],
    ['version 1.2.3 build 2026.11', 'version 1.2.3 build 2026.11'],
    ['HTTP 503 after 1500 ms on port 5432', 'HTTP 503 after 1500 ms on port 5432'],
  ])('%s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it('each kind can be switched off', () => {
    expect(maskText('a@b.io 198.51.100.7', { ...DEFAULT_MASKING, emails: false, ips: false })).toBe('a@b.io 198.51.100.7');
  });
});

describe('maskDeep and maskRecord', () => {
  it('keeps the fields rules and actions need', () => {
    expect(maskDeep({ ip: '198.51.100.7', msg: 'from 198.51.100.7 by a@b.io', nested: [{ user: 'a@b.io', note: 'a@b.io' }] })).toEqual({
      ip: '198.51.100.7', msg: 'from [ip] by [email]', nested: [{ user: 'a@b.io', note: '[email]' }],
    });
    expect(maskRecord({ ip: '198.51.100.7', host: 'db 10.0.0.1', owner: 'x@y.io' }, DEFAULT_MASKING, new Set(['owner']))).toEqual({ ip: '198.51.100.7', host: 'db [ip]', owner: 'x@y.io' });
  });
});

describe('maskAlert', () => {
  it('leaves in the words what a kept tag already shows', async () => {
    const { maskAlert } = await import('../../../src/domain/masking.js');
    const alert = { title: 'Failed logins from 198.51.100.7 (also 203.0.113.9)', description: 'by a@b.io from 198.51.100.7', tags: { ip: '198.51.100.7', host: '10.0.0.1' }, links: [{ url: 'https://x.io/?token=abc' }], raw: { ip: '198.51.100.7', note: 'a@b.io' } };
    expect(maskAlert(alert, DEFAULT_MASKING)).toEqual({
      title: 'Failed logins from 198.51.100.7 (also [ip])', description: 'by [email] from 198.51.100.7', tags: { ip: '198.51.100.7', host: '[ip]' },
      links: [{ url: 'https://x.io/?token=[redacted]' }], raw: { ip: '198.51.100.7', note: '[email]' },
    });
  });
});
