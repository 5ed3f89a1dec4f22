// Tests: the webhook pager against a loopback receiver — the signed JSON page, and each answer as
// what the outbox does next (2xx ok, 429 wait, 5xx/timeout/network retry, other 4xx and 3xx give up).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { WebhookPage } from '../../../../src/effects/ports.js';
import { createWebhookPager, signPage } from '../../../../src/integrations/webhook/pager.js';

const SECRET = 'whsec-ops-bridge-0123456789';
const NOW = Date.parse('2026-11-27T08:00:00Z');

const page: WebhookPage = {
  incident: { id: 'inc_1', number: 42, title: 'Checkout returns 502', severity: 'sev1', status: 'triggered', service: 'payments-api' },
  level: 1,
  round: 0,
  reason: 'declared',
  channel: { id: 'C0INC42', name: 'inc-42-checkout', url: 'https://slack.com/app_redirect?channel=C0INC42' },
  summary: '🔥 #42 Checkout returns 502 — SEV1 · Triggered',
};

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
let server: Server;
let base: string;
let received: Received[];
let answer: (res: import('node:http').ServerResponse) => void;

beforeEach(async () => {
  received = [];
  answer = (res) => res.writeHead(202).end('{"ok":true}');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function pager(over: { secret?: string | null; timeoutMs?: number; url?: string } = {}) {
  const secret = over.secret === undefined ? SECRET : over.secret;
  return createWebhookPager({
    webhooks: { 'ops-bridge': { url: over.url ?? `${base}/hooks/firebreak?token=receiver-token`, secret: secret === null ? null : new Secret(secret), timeoutMs: over.timeoutMs ?? 2_000 } },
    now: () => NOW,
  });
}

/** What a receiver does: recompute the HMAC over "timestamp.rawBody" and compare in constant time. */
function verifies(r: Received, secret: string): boolean {
  const signature = String(r.headers['x-firebreak-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${String(r.headers['x-firebreak-timestamp'])}.${r.body}`).digest('hex')}`;
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

describe('webhook pager', () => {
  it('POSTs the page as JSON with its idempotency key, a timestamp and a signature the receiver can verify', async () => {
    expect(await pager().page('ops-bridge', page, 'eff-7')).toEqual({ ok: true, value: undefined });
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r).toMatchObject({ method: 'POST', url: '/hooks/firebreak?token=receiver-token' });
    expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'eff-7', 'x-firebreak-timestamp': String(NOW / 1000) });
    expect(JSON.parse(r.body)).toEqual({
      type: 'firebreak.page', version: 1, incident: page.incident, level: 1, round: 0, reason: 'declared', channel: page.channel, summary: page.summary,
    });
    expect(verifies(r, SECRET)).toBe(true);
    expect(verifies({ ...r, body: r.body.replace('sev1', 'sev4') }, SECRET)).toBe(false);
    expect(verifies(r, 'another-secret')).toBe(false);
    expect(r.headers['x-firebreak-signature']).toBe(signPage(SECRET, String(NOW / 1000), r.body));
  });

  it('sends no signature when no secret is configured', async () => {
    await pager({ secret: null }).page('ops-bridge', page, 'eff-7');
    expect(received[0]!.headers['x-firebreak-signature']).toBeUndefined();
    expect(received[0]!.headers['idempotency-key']).toBe('eff-7');
  });

  it('waits as long as a 429 says, and 30 s when it does not say', async () => {
    answer = (res) => res.writeHead(429, { 'retry-after': '12' }).end();
    expect(await pager().page('ops-bridge', page, 'k')).toEqual({
      ok: false, error: { kind: 'rate-limited', message: 'webhook ops-bridge: HTTP 429 (throttled)', retryAfterMs: 12_000 },
    });
    answer = (res) => res.writeHead(429).end();
    expect(await pager().page('ops-bridge', page, 'k')).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 30_000 } });
  });

  it('retries a 5xx and a 408, gives up on another 4xx', async () => {
    answer = (res) => res.writeHead(503).end('down for maintenance');
    expect(await pager().page('ops-bridge', page, 'k')).toEqual({ ok: false, error: { kind: 'retry', message: 'webhook ops-bridge: HTTP 503' } });
    answer = (res) => res.writeHead(408).end();
    expect(await pager().page('ops-bridge', page, 'k')).toMatchObject({ ok: false, error: { kind: 'retry' } });
    answer = (res) => res.writeHead(404).end();
    expect(await pager().page('ops-bridge', page, 'k')).toEqual({ ok: false, error: { kind: 'give-up', message: 'webhook ops-bridge: HTTP 404' } });
  });

  it('does not follow a redirect (a POST must not become a GET)', async () => {
    answer = (res) => res.writeHead(302, { location: `${base}/elsewhere` }).end();
    expect(await pager().page('ops-bridge', page, 'k')).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining('redirects are not followed') } });
    expect(received.map((r) => r.url)).toEqual(['/hooks/firebreak?token=receiver-token']);
  });

  it('retries a receiver slower than the webhook timeout, and a refused connection, never naming the URL', async () => {
    answer = (res) => setTimeout(() => res.writeHead(200).end(), 500);
    const slow = await pager({ timeoutMs: 100 }).page('ops-bridge', page, 'k');
    expect(slow).toEqual({ ok: false, error: { kind: 'retry', message: 'webhook ops-bridge: request failed: timed out after 100 ms' } });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await pager({ url: `http://127.0.0.1:${port}/hook?token=receiver-token` }).page('ops-bridge', page, 'k');
    expect(refused).toEqual({ ok: false, error: { kind: 'retry', message: 'webhook ops-bridge: request failed: ECONNREFUSED' } });
  });

  it('gives up on a name that is not configured', async () => {
    expect(await pager().page('nope', page, 'k')).toEqual({ ok: false, error: { kind: 'give-up', message: 'webhook nope: not configured (escalation.webhooks.nope)' } });
    expect(received).toHaveLength(0);
  });
});
