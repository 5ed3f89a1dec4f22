// Tests: the Datadog diagnostics source through @datadog/datadog-api-client — the exact requests
// (server overridden to a loopback base URL), partial failures, 429 Retry-After, 5xx, timeouts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { createDatadogSource, graphQueryOf, monitorIdOf } from '../../../../src/integrations/datadog/diagnostics.js';
import { NOW, signal, subject } from '../../../support/diagnostics-subject.js';

const BASE = 'http://127.0.0.1:4719';
const API_KEY = 'dd-api-key-0000000000000000000000';
const APP_KEY = 'dd-app-key-00000000000000000000000000000000';
const source = (apiUrl = BASE) => createDatadogSource({ apiKey: new Secret(API_KEY), appKey: new Secret(APP_KEY), apiUrl });
const ddSubject = subject({
  alerts: [{ source: 'datadog', key: 'cycle-1', status: 'firing', title: 'High CPU', tags: {}, links: [], raw: { alert_id: '123' }, startedAt: null }],
});
const END = Math.floor(NOW.getTime() / 1000);
const MONITOR = { id: 123, type: 'metric alert', name: 'High CPU on checkout', overall_state: 'Alert', query: 'avg(last_5m):avg:system.cpu.user{service:checkout} > 90', message: 'CPU is high @slack-ops' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function keysOf(req: Request) {
  return { api: req.headers.get('dd-api-key'), app: req.headers.get('dd-application-key') };
}

describe('Datadog diagnostics source', () => {
  it('asks for the monitor of a Datadog-declared incident and the service', () => {
    expect(source().ask(ddSubject)).toEqual({ ok: true, query: { monitorId: 123, service: 'checkout' } });
    expect(monitorIdOf(subject())).toBeNull();
    expect(source().ask(subject({ service: null }))).toMatchObject({ ok: false });
    expect(graphQueryOf(MONITOR.query)).toBe('avg:system.cpu.user{service:checkout}');
    expect(graphQueryOf('logs("service:x").index("*").rollup("count").last("5m") > 10')).toBeNull();
  });

  it('sends the exact requests: monitor, graph snapshot of its query over the last hour, events, error-log count and samples (scrubbed)', async () => {
    const seen: Array<{ path: string; keys: ReturnType<typeof keysOf>; body?: unknown }> = [];
    const record = async (req: Request) => {
      const url = new URL(req.url);
      seen.push({ path: url.pathname + url.search, keys: keysOf(req), ...(req.method === 'POST' ? { body: await req.json() } : {}) });
    };
    const scope = nock(BASE)
      .get('/api/v1/monitor/123').reply(async (req: Request) => (await record(req), [200, MONITOR]))
      .get('/api/v1/graph/snapshot').query({ start: String(END - 3600), end: String(END), metric_query: 'avg:system.cpu.user{service:checkout}' })
      .reply(async (req: Request) => (await record(req), [200, { snapshot_url: 'https://p.datadoghq.com/snapshot/view/abc.png', metric_query: 'x' }]))
      .get('/api/v1/events').query({ start: String(END - 3600), end: String(END), tags: 'service:checkout' })
      .reply(async (req: Request) => (await record(req), [200, { events: [{ title: 'Deployed checkout v42', date_happened: END - 600, url: 'https://app.datadoghq.com/event/1' }] }]))
      .post('/api/v2/logs/analytics/aggregate').reply(async (req: Request) => (await record(req), [200, { data: { buckets: [{ by: {}, computes: { c0: 1234 } }] } }]))
      .post('/api/v2/logs/events/search').reply(async (req: Request) => (await record(req), [200, {
        data: [
          { id: 'l1', type: 'log', attributes: { message: 'payment failed for jane.doe@example.com card 4111 1111 1111 1111' } },
          { id: 'l2', type: 'log', attributes: { message: 'GET https://api.example.com/cb?token=s3cr3tvalue&x=1 returned 500' } },
        ],
      }]));

    const r = await source().fetch({ monitorId: 123, service: 'checkout' }, { signal: signal(), now: () => NOW });
    expect(scope.isDone()).toBe(true);
    expect(r).toEqual({
      ok: true,
      value: {
        problems: [],
        finding: {
          source: 'datadog',
          monitor: { id: 123, name: 'High CPU on checkout', state: 'Alert', query: MONITOR.query, message: 'CPU is high @slack-ops', url: null },
          events: [{ title: 'Deployed checkout v42', at: new Date((END - 600) * 1000).toISOString(), url: 'https://app.datadoghq.com/event/1' }],
          graph: { url: 'https://p.datadoghq.com/snapshot/view/abc.png', query: 'avg:system.cpu.user{service:checkout}' },
          logs: {
            query: 'service:checkout status:error',
            count: 1234,
            samples: ['payment failed for [email] card [card]', 'GET https://api.example.com/cb?token=[redacted]&x=1 returned 500'],
          },
        },
      },
    });
    for (const s of seen) expect(s.keys).toEqual({ api: API_KEY, app: APP_KEY });
    const aggregate = seen.find((s) => s.path === '/api/v2/logs/analytics/aggregate')!;
    expect(aggregate.body).toEqual({ compute: [{ aggregation: 'count' }], filter: { query: 'service:checkout status:error', from: 'now-15m', to: 'now' } });
    const search = seen.find((s) => s.path === '/api/v2/logs/events/search')!;
    expect(search.body).toEqual({ filter: { query: 'service:checkout status:error', from: 'now-15m', to: 'now' }, page: { limit: 5 }, sort: '-timestamp' });
  });

  it('answers rate-limited with the Retry-After wait when Datadog throttles every call', async () => {
    nock(BASE)
      .get('/api/v1/monitor/123').reply(429, { errors: ['Too many requests'] }, { 'retry-after': '17' })
      .get('/api/v1/events').query(true).reply(429, { errors: ['Too many requests'] }, { 'retry-after': '17' })
      .post('/api/v2/logs/analytics/aggregate').reply(429, { errors: ['Too many requests'] }, { 'retry-after': '17' })
      .post('/api/v2/logs/events/search').reply(429, { errors: ['Too many requests'] }, { 'retry-after': '17' });
    const r = await source().fetch({ monitorId: 123, service: 'checkout' }, { signal: signal(), now: () => NOW });
    expect(r).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 17_000 } });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('keeps what answered when one call fails with a 5xx, naming the missing part (no vendor body, no keys)', async () => {
    nock(BASE)
      .get('/api/v1/monitor/123').reply(503, `upstream down, key ${API_KEY}`)
      .get('/api/v1/events').query(true).reply(200, { events: [] })
      .post('/api/v2/logs/analytics/aggregate').reply(200, { data: { buckets: [] } })
      .post('/api/v2/logs/events/search').reply(200, { data: [] });
    const r = await source().fetch({ monitorId: 123, service: 'checkout' }, { signal: signal(), now: () => NOW });
    expect(r).toMatchObject({ ok: true, value: { problems: ['the monitor (HTTP 503)'], finding: { monitor: null, graph: null, logs: { count: 0, samples: [] } } } });
    expect(JSON.stringify(r)).not.toContain(API_KEY);
  });

  it('fails as a whole with a 5xx when nothing answers', async () => {
    nock(BASE).get('/api/v1/monitor/123').reply(500, 'boom');
    const r = await source().fetch({ monitorId: 123, service: null }, { signal: signal(), now: () => NOW });
    expect(r).toMatchObject({ ok: false, error: { kind: 'retry', message: 'datadog monitor: HTTP 500' } });
  });

  it('stops when its time is up (the signal aborts the SDK call)', async () => {
    // A real loopback server that is slower than the budget (nock's delayed replies and an aborted
    // fetch do not mix).
    nock.enableNetConnect('127.0.0.1');
    const server = http.createServer((_req, res) => void setTimeout(() => res.writeHead(200).end('{}'), 2000).unref());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await source(url).fetch({ monitorId: 123, service: null }, { signal: AbortSignal.timeout(100), now: () => NOW });
      expect(r).toMatchObject({ ok: false, error: { kind: 'retry' } });
    } finally {
      server.closeAllConnections();
      server.close();
      nock.disableNetConnect();
    }
  });

  it('reaches a real loopback server through the SDK (server overridden from DATADOG_API_URL)', async () => {
    nock.enableNetConnect('127.0.0.1');
    const paths: string[] = [];
    const server = http.createServer((req, res) => {
      paths.push(`${req.method} ${req.url?.split('?')[0]} ${req.headers['dd-api-key'] === API_KEY}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MONITOR));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await source(url).fetch({ monitorId: 123, service: null }, { signal: signal(), now: () => NOW });
      expect(r).toMatchObject({ ok: true, value: { finding: { monitor: { name: 'High CPU on checkout', state: 'Alert' } } } });
      expect(paths).toEqual(['GET /api/v1/monitor/123 true', 'GET /api/v1/graph/snapshot true']);
    } finally {
      server.close();
      nock.disableNetConnect();
    }
  });
});
