// The motivating scenario through the HTTP edge: a Supabase auth-log drain batch with ten failed
// logins from one IP → a detection fires → an incident is declared from the `security` alert that
// carries the IP; and the edge's answers (401 with nothing stored, 400 naming the field, 415, gzip).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts, listIncidents } from '../../../src/store/incidents.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { startTestServer } from '../../support/webhooks.js';

const TOKEN = 'security-events-token-0123456789';
const YAML = `
routing:
  defaults: { declare: sev2 }
detections:
  - name: failed-login-burst
    match: { type: auth.login_failed }
    key: ip
    window: 5m
    threshold: 10
    declare: { severity: sev2, service: auth, title: "Failed logins from {key}" }
    propose: { action: block_ip, ttl: 24h }
`;
const drain = readFileSync(new URL('../../fixtures/supabase/auth-drain-failed-logins.json', import.meta.url));

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer(YAML, { SECURITY_EVENTS_TOKEN: TOKEN });
});
afterAll(() => app?.stop());

async function post(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const sql = <Row>(text: string) => (app.store as unknown as SqlTransport).query<Row>(text);
const securityEvents = async () => (await sql<{ n: number }>('select count(*)::int as n from security_events'))[0]!.n;

async function until<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('POST /webhooks/events/supabase', () => {
  it('refuses a bad token with nothing stored', async () => {
    const r = await post('/webhooks/events/supabase', drain, { authorization: 'Bearer wrong-token-wrong-token' });
    expect(r.status).toBe(401);
    expect(await securityEvents()).toBe(0);
  });

  it('ten failed logins from one IP (gzip) → one incident from the security alert carrying the IP', async () => {
    const r = await post('/webhooks/events/supabase', gzipSync(drain), { 'content-encoding': 'gzip' });
    expect(r).toEqual({ status: 202, body: { stored: 12, duplicates: 0, firings: 1, skipped: 11 } });
    await until(async () => (await listAlerts(app.store)).find((a) => a.source === 'security'));
    const [alert] = await sql<{ tags: Record<string, string> }>(`select tags from alerts where source = 'security'`);
    expect(alert!.tags).toMatchObject({ detection: 'failed-login-burst', ip: '198.51.100.77', propose: 'block_ip', propose_ttl_ms: '86400000' });
    const incidents = await until(async () => {
      const list = await listIncidents(app.store);
      return list.length > 0 ? list : undefined;
    });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ title: 'Failed logins from 198.51.100.77', severity: 'sev2', service: 'auth' });
    // The drain redelivers the same batch: counted once, no second firing.
    const again = await post('/webhooks/events/supabase', drain);
    expect(again.body).toMatchObject({ stored: 0, duplicates: 12, firings: 0 });
    expect(await listIncidents(app.store)).toHaveLength(1);
  });
});

describe('POST /webhooks/events', () => {
  it('takes NDJSON and answers 400 naming the field, 415 for other types', async () => {
    const line = JSON.stringify({ id: 'x1', type: 'auth.signup', time: '2026-11-02T11:00:00Z', attributes: { user: 'a@example.com' } });
    expect((await post('/webhooks/events', `${line}\n`, { 'content-type': 'application/x-ndjson' })).body).toMatchObject({ stored: 1 });
    expect(await post('/webhooks/events', JSON.stringify([{ type: 'auth.signup' }]))).toEqual({ status: 400, body: { error: '[0].time: Invalid input', field: '[0].time' } });
    expect((await post('/webhooks/events', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post('/webhooks/events', Buffer.from('not gzip'), { 'content-encoding': 'gzip' })).body).toMatchObject({ field: 'body' });
  });
});
