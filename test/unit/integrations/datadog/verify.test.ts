// Tests: Datadog webhook authentication over the raw bytes.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { datadogWebhook } from '../../../../src/integrations/datadog/webhook.js';
import { rawFixture } from './fixtures.js';

const SECRET = 'dd-webhook-secret-4f1c';
const secrets = { webhookSecret: new Secret(SECRET) };
const now = new Date('2026-09-27T10:15:01Z');
const raw = rawFixture('triggered');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const verify = (headers: Record<string, string>, body: Buffer = raw) => datadogWebhook.verify(headers, body, secrets, now);

describe('Datadog webhook authentication', () => {
  it('accepts the secret in X-Firebreak-Token', () => {
    expect(verify({ 'x-firebreak-token': SECRET })).toEqual({ ok: true });
  });

  it('accepts HTTP Basic with the secret as the password, whatever the user name', () => {
    expect(verify({ authorization: basic('datadog', SECRET) })).toEqual({ ok: true });
    expect(verify({ authorization: basic('', SECRET) })).toEqual({ ok: true });
  });

  it('keeps a password that itself contains a colon whole', () => {
    const withColon = { webhookSecret: new Secret('a:b:c') };
    expect(datadogWebhook.verify({ authorization: basic('u', 'a:b:c') }, raw, withColon, now)).toEqual({ ok: true });
  });

  it('rejects a wrong password or a wrong token', () => {
    expect(verify({ authorization: basic('datadog', 'guess') })).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(verify({ 'x-firebreak-token': `${SECRET}x` })).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(verify({ authorization: `Bearer ${SECRET}` })).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('rejects a request without credentials', () => {
    expect(verify({})).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('never authenticates against an empty secret', () => {
    const empty = { webhookSecret: new Secret('') };
    expect(datadogWebhook.verify({ 'x-firebreak-token': '' }, raw, empty, now)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('does not depend on the body: Datadog cannot sign, so any body passes with the right token', () => {
    expect(verify({ 'x-firebreak-token': SECRET }, Buffer.from('{"tampered":true}'))).toEqual({ ok: true });
  });
});
