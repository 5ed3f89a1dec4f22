// Tests: PagerDuty Events API v2 adapter against a real HTTP server on loopback — PAGERDUTY_EVENTS_URL
// reaches an http fake (what pdjs cannot do), a hung server times out, a closed port is retried.
// No nock in this file: nock 15 cannot pass a fetch with a body through to a real server.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPagerDutyEvents } from '../../../../src/integrations/pagerduty/events.js';
import { fixture, KEY, PAGE } from './events-fixtures.js';


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
