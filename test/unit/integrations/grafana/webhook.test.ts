// Tests: Grafana webhook authentication (HMAC with and without timestamp, Bearer) and malformed payloads
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { hmacSha256Hex, signedDigest } from '../../../../src/integrations/verify.js';
import { grafanaWebhook, type GrafanaSecrets } from '../../../../src/integrations/grafana/webhook.js';
import { fixture, fixtureBytes } from '../alertmanager/fixtures.js';

const SECRET = 'grafana-hmac-secret';
const body = fixtureBytes('grafana', 'firing.json');
const now = new Date('2026-03-02T09:20:00Z');
const nowSeconds = now.getTime() / 1000;
const hmacOnly: GrafanaSecrets = { webhookSecret: new Secret(SECRET) };
const both: GrafanaSecrets = { webhookSecret: new Secret(SECRET), token: new Secret('grafana-token') };

const signed = (ts?: number, bytes: Buffer = body, secret = SECRET): Record<string, string> =>
  ts === undefined
    ? { 'x-grafana-alerting-signature': hmacSha256Hex(secret, bytes) }
    : { 'x-grafana-alerting-signature': hmacSha256Hex(secret, `${ts}:`, bytes), 'x-grafana-alerting-timestamp': String(ts) };
const verify = (headers: Record<string, string | undefined>, secrets = hmacOnly, bytes = body) => grafanaWebhook.verify(headers, bytes, secrets, now);

describe('grafana webhook HMAC signature', () => {
  it('refuses a signature over the body alone, saying which timestamp header to set', () => {
    const r = verify(signed());
    expect(r).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(!r.ok && r.error.message).toContain('Timestamp Header" to X-Grafana-Alerting-Timestamp');
  });

  it('accepts a signature over "<ts>:<body>" with a fresh Unix-seconds timestamp', () => {
    expect(verify(signed(nowSeconds))).toMatchObject({ ok: true });
    expect(verify(signed(nowSeconds - 300))).toMatchObject({ ok: true });
    expect(verify(signed(nowSeconds + 300))).toMatchObject({ ok: true });
  });

  it('names the signed bytes by their digest, so the same "<ts>:<body>" again is a replay', () => {
    const a = verify(signed(nowSeconds));
    expect(a).toEqual({ ok: true, signed: signedDigest(`${nowSeconds}:`, body) });
    expect(verify(signed(nowSeconds))).toEqual(a);
    expect(verify(signed(nowSeconds - 1))).not.toEqual(a);
  });

  it('rejects a timestamp more than five minutes old as stale', () => {
    expect(verify(signed(nowSeconds - 301))).toMatchObject({ ok: false, error: { kind: 'stale' } });
  });

  it('rejects a timestamp more than five minutes ahead as stale', () => {
    expect(verify(signed(nowSeconds + 301))).toMatchObject({ ok: false, error: { kind: 'stale' } });
  });

  it('rejects a timestamp in milliseconds: Grafana sends seconds', () => {
    expect(verify(signed(now.getTime()))).toMatchObject({ ok: false, error: { kind: 'stale' } });
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('"firing"', '"resolved"'));
    expect(verify(signed(nowSeconds), hmacOnly, tampered)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects the same JSON re-serialised: the signature covers the bytes sent', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(reserialised.equals(body)).toBe(false);
    expect(verify(signed(), hmacOnly, reserialised)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a signature made with another secret', () => {
    expect(verify(signed(nowSeconds, body, 'other-secret'))).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a timestamp that was changed or stripped after signing', () => {
    const headers = signed(nowSeconds - 3600);
    expect(verify({ ...headers, 'x-grafana-alerting-timestamp': String(nowSeconds) })).toMatchObject({ error: { kind: 'bad-signature' } });
    const { 'x-grafana-alerting-timestamp': _dropped, ...stripped } = headers;
    expect(verify(stripped)).toMatchObject({ error: { kind: 'bad-signature' } });
  });

  it('rejects a timestamp that is not Unix seconds even when signed', () => {
    const ts = '2026-03-02T09:20:00Z';
    const headers = { 'x-grafana-alerting-signature': hmacSha256Hex(SECRET, `${ts}:`, body), 'x-grafana-alerting-timestamp': ts };
    expect(verify(headers)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
  });

  it('rejects a request without a signature as missing auth', () => {
    expect(verify({})).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('reads the signature from X-Grafana-Alert-Signature too, the header grafana/alerting falls back to', () => {
    const headers = { 'x-grafana-alert-signature': hmacSha256Hex(SECRET, `${nowSeconds}:`, body), 'x-grafana-alerting-timestamp': String(nowSeconds) };
    expect(verify(headers)).toMatchObject({ ok: true });
  });

  it('never authenticates when nothing is configured, or the secret is empty', () => {
    expect(verify(signed(), {})).toMatchObject({ ok: false });
    expect(verify({ 'x-grafana-alerting-signature': hmacSha256Hex('', body) }, { webhookSecret: new Secret('') })).toMatchObject({ ok: false });
  });
});

describe('grafana webhook Bearer token', () => {
  it('accepts the Bearer token when GRAFANA_TOKEN is configured', () => {
    expect(verify({ authorization: 'Bearer grafana-token' }, { token: new Secret('grafana-token') })).toEqual({ ok: true });
  });

  it('passes with either configured method', () => {
    expect(verify({ authorization: 'Bearer grafana-token' }, both)).toEqual({ ok: true });
    expect(verify(signed(nowSeconds), both)).toMatchObject({ ok: true });
  });

  it('rejects a Bearer token when only the HMAC secret is configured', () => {
    expect(verify({ authorization: 'Bearer grafana-token' }, hmacOnly)).toMatchObject({ ok: false, error: { kind: 'missing-auth' } });
  });

  it('rejects a wrong token, reporting the stale signature first when both fail', () => {
    expect(verify({ authorization: 'Bearer nope' }, both)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(verify({ ...signed(nowSeconds - 900), authorization: 'Bearer nope' }, both)).toMatchObject({ error: { kind: 'stale' } });
  });
});

describe('grafana webhook malformed payloads', () => {
  const mutate = (change: (b: Record<string, unknown> & { alerts: Array<Record<string, unknown>> }) => void) => {
    const b = fixture('grafana', 'firing.json') as Record<string, unknown> & { alerts: Array<Record<string, unknown>> };
    change(b);
    return grafanaWebhook.parse({}, b);
  };

  it('names orgId when it is missing or not a number', () => {
    expect(mutate((b) => { delete b.orgId; })).toMatchObject({ ok: false, error: { kind: 'malformed', field: 'orgId' } });
    expect(mutate((b) => { b.orgId = '1'; })).toMatchObject({ ok: false, error: { kind: 'malformed', field: 'orgId' } });
  });

  it('names the alert field that is wrong', () => {
    expect(mutate((b) => { b.alerts[1]!.silenceURL = 42; })).toMatchObject({ error: { field: 'alerts[1].silenceURL' } });
    expect(mutate((b) => { b.alerts[0]!.annotations = null; })).toMatchObject({ error: { field: 'alerts[0].annotations' } });
    expect(mutate((b) => { b.alerts[0]!.fingerprint = ''; })).toMatchObject({ error: { field: 'alerts[0].fingerprint' } });
  });

  it('accepts alerts without the deprecated dashboardURL and panelURL', () => {
    expect(mutate((b) => { delete b.alerts[0]!.dashboardURL; delete b.alerts[0]!.panelURL; }).ok).toBe(true);
  });
});
