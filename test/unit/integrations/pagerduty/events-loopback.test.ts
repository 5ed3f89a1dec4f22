// Tests: PagerDuty Events API v2 adapter against a real HTTP server on loopback — PAGERDUTY_EVENTS_URL
// reaches an http fake (what pdjs cannot do), a hung server times out, a closed port is retried.
// No nock in this file: nock 15 cannot pass a fetch with a body through to a real server.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PageRequest } from '../../../../src/effects/ports.js';
import { createPagerDutyEvents } from '../../../../src/integrations/pagerduty/events.js';

const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee01';
const CHANNEL = 'https://acme.slack.com/archives/C07INC0042';
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/pagerduty/events/${name}.json`, import.meta.url), 'utf8'));

const PAGE: PageRequest = {
  dedupKey: 'firebreak/inc-42',
  summary: '[sev1] #42 Checkout API error rate above 5%',
  source: 'checkout-api.prod',
  severity: 'critical',
  component: 'checkout-api',
  group: 'payments',
  class: 'error-rate',
  customDetails: {
    summary: 'Checkout API 5xx rate at 7.2% for 10 minutes, since deploy 2024-05-02.1',
    slack_channel: CHANNEL,
    incident: '#42',
    severity: 'sev1',
  },
  links: [{ href: CHANNEL, text: 'Slack: #inc-42-checkout-errors' }],
  clientUrl: CHANNEL,
};

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: unknown;
}

let server: Server;
let base: string;
let seen: Seen[];
/** What the fake answers next; `hang` never answers. */
let answer: { status: number; body: string } | 'hang';

beforeEach(async () => {
  seen = [];
  answer = { status: 202, body: JSON.stringify(fixture('response.202')) };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createPagerDutyEvents on a loopback http URL', () => {
  it('POSTs the exact trigger body as JSON to <eventsUrl>/v2/enqueue', async () => {
    const result = await createPagerDutyEvents({ routingKey: KEY, eventsUrl: base }).trigger(PAGE);
    expect(result).toEqual({ ok: true, value: { dedupKey: 'firebreak/inc-42' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v2/enqueue', headers: { 'content-type': 'application/json' } });
    expect(seen[0]?.body).toStrictEqual(fixture('trigger.request'));
  });

  it('a server that never answers → retry once the timeout passes', async () => {
    answer = 'hang';
    const started = Date.now();
    const result = await createPagerDutyEvents({ routingKey: KEY, eventsUrl: base, timeoutMs: 200 }).acknowledge(PAGE.dedupKey);
    expect(result).toEqual({ ok: false, error: { kind: 'retry', message: 'pagerduty acknowledge: request failed: timed out after 200 ms' } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen[0]?.body).toStrictEqual(fixture('acknowledge.request'));
  });

  it('a closed port → retry, naming the socket error', async () => {
    const closed = base;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const result = await createPagerDutyEvents({ routingKey: KEY, eventsUrl: closed }).resolve(PAGE.dedupKey);
    expect(result).toMatchObject({ ok: false, error: { kind: 'retry' } });
    if (!result.ok) expect(result.error.message).toMatch(/^pagerduty resolve: request failed: fetch failed \(.*ECONNREFUSED/);
  });
});
