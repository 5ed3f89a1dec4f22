// Tests: Sentry webhook authentication over the raw bytes.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { sentryWebhook } from '../../../../src/integrations/sentry/webhook.js';
import { hmacSha256Hex, signedDigest } from '../../../../src/integrations/verify.js';
import { fixture, headersFor, rawFixture, SECRET } from './fixtures.js';

const secrets = { webhookSecret: new Secret(SECRET) };
const now = new Date('2019-08-19T21:10:00Z');
const raw = rawFixture('event_alert.triggered');
const verify = (headers: Record<string, string>, body: Buffer) => sentryWebhook.verify(headers, body, secrets, now);

/** What Python's json.dumps sends by default: ", " and ": " separators, non-ASCII as \uXXXX. */
function asSentrySends(value: unknown): Buffer {
  const ascii = JSON.stringify(value, null, 1)
    .replace(/\n\s*/g, ' ')
    .replace(/\[ /g, '[').replace(/ \]/g, ']').replace(/\{ /g, '{').replace(/ \}/g, '}')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(ascii, 'utf8');
}

describe('Sentry-Hook-Signature', () => {
  it('accepts the HMAC of the exact bytes with the client secret, naming them by their digest', () => {
    expect(verify(headersFor('event_alert', raw), raw)).toEqual({ ok: true, signed: signedDigest(raw) });
  });

  it('gives a replay with a fresh Request-ID and timestamp the same digest: Sentry signs neither', () => {
    const replay = { ...headersFor('event_alert', raw), 'request-id': 'another-uuid', 'sentry-hook-timestamp': String(now.getTime() / 1000 + 60) };
    expect(verify(replay, raw)).toEqual(verify(headersFor('event_alert', raw), raw));
  });

  it('accepts the signature in upper-case hex too', () => {
    const headers = headersFor('event_alert', raw);
    headers['sentry-hook-signature'] = headers['sentry-hook-signature']!.toUpperCase();
    expect(verify(headers, raw)).toMatchObject({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(raw.toString('utf8').replace('"level": "error"', '"level": "fatal"'));
    expect(tampered.equals(raw)).toBe(false);
    expect(verify(headersFor('event_alert', raw), tampered)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a signature made with another secret', () => {
    expect(verify(headersFor('event_alert', raw, 'not-the-secret'), raw)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a request without the signature header', () => {
    const { 'sentry-hook-signature': _omit, ...headers } = headersFor('event_alert', raw);
    expect(verify(headers, raw)).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('rejects re-serialised JSON: spacing differs from the bytes Sentry signed', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(verify(headersFor('event_alert', raw), reserialised)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects re-serialised JSON when Sentry escaped non-ASCII as \\uXXXX', () => {
    const body = fixture('event_alert.triggered') as { data: { event: Record<string, unknown> } };
    body.data.event.title = 'TypeError: café — 支払い failed';
    const sent = asSentrySends(body);
    expect(sent.toString('utf8')).toContain('caf\\u00e9 \\u2014 \\u652f\\u6255\\u3044');
    const headers = headersFor('event_alert', sent);
    expect(verify(headers, sent)).toMatchObject({ ok: true });
    // The same JSON, as JSON.stringify writes it: UTF-8 instead of escapes, no spaces.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(sent.toString('utf8'))));
    expect(JSON.parse(reserialised.toString('utf8'))).toEqual(JSON.parse(sent.toString('utf8')));
    expect(verify(headers, reserialised)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    // What Sentry's docs snippet does (HMAC of JSON.stringify(request.body)) fails the same way.
    expect(hmacSha256Hex(SECRET, JSON.stringify(JSON.parse(sent.toString('utf8'))))).not.toBe(headers['sentry-hook-signature']);
  });

  it('refuses a Sentry-Hook-Timestamp more than five minutes from now, either way', () => {
    const at = (seconds: number) => ({ ...headersFor('event_alert', raw), 'sentry-hook-timestamp': String(seconds) });
    const nowSeconds = now.getTime() / 1000;
    expect(verify(at(nowSeconds - 300), raw)).toMatchObject({ ok: true });
    expect(verify(at(nowSeconds + 300), raw)).toMatchObject({ ok: true });
    expect(verify(at(nowSeconds - 301), raw)).toMatchObject({ ok: false, error: { kind: 'stale' } });
    expect(verify(at(nowSeconds + 301), raw)).toMatchObject({ ok: false, error: { kind: 'stale' } });
    expect(sentryWebhook.verify(at(nowSeconds), raw, secrets, new Date(Number.NaN))).toMatchObject({ ok: false, error: { kind: 'stale' } });
  });

  it('checks the signature before the timestamp, and accepts a request without one (the header is not signed)', () => {
    const stale = { ...headersFor('event_alert', raw, 'not-the-secret'), 'sentry-hook-timestamp': '1' };
    expect(verify(stale, raw)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    const { 'sentry-hook-timestamp': _omit, ...without } = headersFor('event_alert', raw);
    expect(verify(without, raw)).toMatchObject({ ok: true });
  });

  it('never authenticates against an empty client secret', () => {
    const empty = { webhookSecret: new Secret('') };
    expect(sentryWebhook.verify(headersFor('event_alert', raw, ''), raw, empty, now)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });
});
