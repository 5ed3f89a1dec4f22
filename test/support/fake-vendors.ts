// Test support (diagnostics): Datadog, Sentry, PagerDuty, GitHub and a health-check target as one
// loopback HTTP server, each under its own prefix (the base URLs Firebreak is given), answering the
// requests the diagnostics sources make. It records every call and can be made slow or failing per
// vendor, so tests count vendor calls and bench measures a run with vendors answering in N ms.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeVendor = 'datadog' | 'sentry' | 'pagerduty' | 'github' | 'probe';

export interface FakeVendors {
  url: string;
  /** Environment for Firebreak: every vendor's base URL and credentials. */
  env: Record<string, string>;
  calls: Array<{ vendor: FakeVendor; method: string; path: string }>;
  count(vendor?: FakeVendor): number;
  /** Milliseconds each answer of this vendor waits. */
  delay: Partial<Record<FakeVendor, number>>;
  /** An HTTP status every answer of this vendor has instead (e.g. 503). */
  fail: Partial<Record<FakeVendor, number>>;
  close(): Promise<void>;
}

export const MONITOR_ID = 148275309;
export const GRAPH_URL = 'https://p.datadoghq.com/snapshot/view/fake/graph.png';

type Json = unknown;
type Handler = (url: URL, body: Json) => Json;

const now = () => Date.now();

const ROUTES: Array<{ vendor: FakeVendor; method: string; path: RegExp; answer: Handler }> = [
  { vendor: 'datadog', method: 'GET', path: /^\/dd\/api\/v1\/monitor\/(\d+)$/, answer: (u) => ({
    id: Number(/(\d+)$/.exec(u.pathname)![1]), type: 'query alert', name: 'Checkout 5xx error rate is high', overall_state: 'Alert',
    query: 'avg(last_5m):avg:trace.http.request.errors{service:checkout} > 0.05', message: 'Checkout returns 5xx. <!channel> Runbook: wiki/checkout-5xx',
  }) },
  { vendor: 'datadog', method: 'GET', path: /^\/dd\/api\/v1\/graph\/snapshot$/, answer: () => ({ snapshot_url: GRAPH_URL, metric_query: 'x' }) },
  { vendor: 'datadog', method: 'GET', path: /^\/dd\/api\/v1\/events$/, answer: () => ({ events: [{ title: 'Deployed checkout v42', date_happened: Math.floor(now() / 1000) - 600, url: null }] }) },
  { vendor: 'datadog', method: 'POST', path: /^\/dd\/api\/v2\/logs\/analytics\/aggregate$/, answer: () => ({ data: { buckets: [{ by: {}, computes: { c0: 4321 } }] } }) },
  { vendor: 'datadog', method: 'POST', path: /^\/dd\/api\/v2\/logs\/events\/search$/, answer: () => ({ data: [{ id: 'l1', type: 'log', attributes: { message: 'charge failed for ann@example.com card 4242 4242 4242 4242' } }] }) },
  { vendor: 'sentry', method: 'GET', path: /^\/sentry\/api\/0\/organizations\/acme\/issues\/(\d+)\/$/, answer: (u) => ({
    id: /issues\/(\d+)/.exec(u.pathname)![1], title: 'TypeError: cart is undefined', count: '812', userCount: 97,
    firstSeen: new Date(now() - 3_600_000).toISOString(), lastSeen: new Date(now()).toISOString(), permalink: 'https://acme.sentry.io/issues/1/',
  }) },
  { vendor: 'sentry', method: 'GET', path: /^\/sentry\/api\/0\/organizations\/acme\/issues\/(\d+)\/events\/latest\/$/, answer: () => ({
    release: { version: 'front-end@7.1.0' }, tags: [{ key: 'environment', value: 'production' }],
    entries: [{ type: 'exception', data: { values: [{ stacktrace: { frames: [{ filename: 'app/cart.js', function: 'addItem', lineNo: 42, inApp: true }] } }] } }],
  }) },
  { vendor: 'pagerduty', method: 'GET', path: /^\/pd\/services\/(\w+)$/, answer: () => ({ service: { escalation_policy: { id: 'PEPCHK', summary: 'Checkout on-call' } } }) },
  { vendor: 'pagerduty', method: 'GET', path: /^\/pd\/oncalls$/, answer: () => ({ oncalls: [{ escalation_level: 1, end: null, user: { summary: 'Ann Oncall' } }], limit: 100, offset: 0, more: false }) },
  { vendor: 'github', method: 'GET', path: /^\/gh\/repos\/[\w.-]+\/[\w.-]+\/deployments$/, answer: () => [
    { id: 1, ref: 'v42', sha: 'abc123abc123', environment: 'production', description: 'ship v42', created_at: new Date(now() - 1_200_000).toISOString() },
  ] },
  { vendor: 'github', method: 'GET', path: /^\/gh\/repos\/[\w.-]+\/[\w.-]+\/releases$/, answer: () => [] },
  { vendor: 'probe', method: 'GET', path: /^\/probe\/health$/, answer: () => ({ ok: true }) },
];

export async function startFakeVendors(): Promise<FakeVendors> {
  const calls: FakeVendors['calls'] = [];
  const delay: FakeVendors['delay'] = {};
  const fail: FakeVendors['fail'] = {};
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const route = ROUTES.find((r) => r.method === req.method && r.path.test(url.pathname));
      if (!route) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}');
      calls.push({ vendor: route.vendor, method: req.method ?? 'GET', path: url.pathname });
      const body: Json = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
      const send = () => {
        if (res.destroyed) return;
        const status = fail[route.vendor];
        if (status !== undefined) return void res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"injected"}');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route.answer(url, body)));
      };
      const wait = delay[route.vendor] ?? 0;
      if (wait > 0) setTimeout(send, wait).unref();
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      DATADOG_API_KEY: 'dd-api-key-fake-0000', DATADOG_APP_KEY: 'dd-app-key-fake-0000', DATADOG_API_URL: `${url}/dd`,
      SENTRY_AUTH_TOKEN: 'sentry-token-fake-0000', SENTRY_ORG: 'acme', SENTRY_API_URL: `${url}/sentry/api/0/`,
      PAGERDUTY_TOKEN: 'pd-token-fake-0000', PAGERDUTY_API_URL: `${url}/pd`,
      GITHUB_TOKEN: 'ghp_fake_000000000000', GITHUB_API_URL: `${url}/gh`,
    },
    calls,
    count: (vendor) => calls.filter((c) => vendor === undefined || c.vendor === vendor).length,
    delay,
    fail,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** firebreak.yaml for a Firebreak wired to these fakes (checkout → acme/checkout, its probe and PagerDuty service). */
export function diagnosticsYaml(vendors: FakeVendors, extra = ''): string {
  return `
routing:
  defaults: { declare: sev3 }
  repositories: { checkout: acme/checkout }
slack:
  announce_channel: CINCIDENTS
diagnostics:
  timeout: 4s
  probes:
    - { name: checkout-health, service: checkout, url: "${vendors.url}/probe/health" }
  services:
    checkout: { pagerduty_service: PCHECK1 }
${extra}`;
}
