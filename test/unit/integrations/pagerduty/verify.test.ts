// Tests: PagerDuty webhook authentication over the raw bytes.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { pagerdutyWebhook, v1Signatures } from '../../../../src/integrations/pagerduty/webhook.js';
import { signedDigest } from '../../../../src/integrations/verify.js';
import { headersFor, rawFixture, SECRET, signature } from './fixtures.js';

const secrets = { webhookSecret: new Secret(SECRET) };
const now = new Date('2020-04-09T15:16:28Z');
const raw = rawFixture('incident.triggered');
const verify = (headers: Record<string, string>, body: Buffer = raw) => pagerdutyWebhook.verify(headers, body, secrets, now);

describe('X-PagerDuty-Signature', () => {
  it('accepts a v1 HMAC of the exact bytes, naming them by their digest (the replay key when a body has no event.id)', () => {
    expect(verify(headersFor(raw))).toEqual({ ok: true, signed: signedDigest(raw) });
  });

  it('accepts when the second of two signatures matches (secret rotation)', () => {
    const header = `${signature(raw, 'the-old-secret')},${signature(raw)}`;
    expect(verify(headersFor(raw, header))).toMatchObject({ ok: true });
  });

  it('accepts when the first of two signatures matches, with spaces after the comma', () => {
    expect(verify(headersFor(raw, `${signature(raw)}, ${signature(raw, 'the-next-secret')}`))).toMatchObject({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(raw.toString('utf8').replace('"urgency": "high"', '"urgency": "low"'));
    expect(tampered.equals(raw)).toBe(false);
    expect(verify(headersFor(raw), tampered)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects signatures made with other secrets', () => {
    const header = `${signature(raw, 'one')},${signature(raw, 'two')}`;
    expect(verify(headersFor(raw, header))).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a request without the header', () => {
    const { 'x-pagerduty-signature': _omit, ...headers } = headersFor(raw);
    expect(verify(headers)).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('rejects a matching digest under a version other than v1', () => {
    expect(verify(headersFor(raw, signature(raw).replace('v1=', 'v2=')))).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects re-serialised JSON, and non-ASCII re-encoded differently', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(verify(headersFor(raw), reserialised)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    const escaped = Buffer.from(raw.toString('utf8').replace('A little bump in the road', 'Caf\\u00e9 down'));
    const utf8 = Buffer.from(JSON.stringify(JSON.parse(escaped.toString('utf8')), null, 2));
    expect(verify(headersFor(escaped), escaped)).toMatchObject({ ok: true });
    expect(verify(headersFor(escaped), utf8)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('reads only v1 entries from the header', () => {
    expect(v1Signatures('v1=AB, v0=cd,v1=ef ,junk')).toEqual(['ab', 'ef']);
  });
});
