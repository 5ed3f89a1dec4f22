// Tests: the Sentry diagnostics source — exact requests under SENTRY_API_URL, the issue and its
// latest event's in-app frames, a metric alert's rule and current value, 429/5xx/timeouts.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { createSentrySource } from '../../../../src/integrations/sentry/diagnostics.js';
import { NOW, signal, slowServer, subject } from '../../../support/diagnostics-subject.js';

const BASE = 'http://127.0.0.1:4721';
const TOKEN = 'sntrys_token_000000000000000000';
const source = () => createSentrySource({ authToken: new Secret(TOKEN), org: 'acme', apiUrl: `${BASE}/api/0/` });
const opts = () => ({ signal: signal(), now: () => NOW });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const alert = (key: string, tags: Record<string, string> = {}) => ({ source: 'sentry', key, status: 'firing' as const, title: 't', tags, links: [], raw: null, startedAt: null });

describe('Sentry diagnostics source', () => {
  it('asks about the issue or the metric alert rule that declared the incident', () => {
    expect(source().ask(subject({ alerts: [alert('4711')] }))).toEqual({ ok: true, query: { issue: '4711', rule: null } });
    expect(source().ask(subject({ alerts: [alert('1:88', { alert_rule_id: '31' })] }))).toEqual({ ok: true, query: { issue: null, rule: '31' } });
    expect(source().ask(subject())).toMatchObject({ ok: false });
    expect(createSentrySource({ authToken: new Secret(TOKEN), apiUrl: BASE }).configured()).toBe(false);
  });

  it('reads the issue and its latest event: counts, first/last seen, release, environment, in-app frames innermost first', async () => {
    const auth: Array<string | null> = [];
    const scope = nock(BASE)
      .get('/api/0/organizations/acme/issues/4711/').reply((req: Request) => (auth.push(req.headers.get('authorization')), [200, {
        id: '4711', title: 'TypeError: x is undefined', count: '1520', userCount: 311, firstSeen: '2026-12-07T18:00:00Z', lastSeen: '2026-12-07T19:59:00Z',
        permalink: 'https://acme.sentry.io/issues/4711/',
      }]))
      .get('/api/0/organizations/acme/issues/4711/events/latest/').reply((req: Request) => (auth.push(req.headers.get('authorization')), [200, {
        release: { version: 'checkout@42' }, tags: [{ key: 'environment', value: 'production' }],
        entries: [{ type: 'exception', data: { values: [{ stacktrace: { frames: [
          { filename: 'node_modules/express/router.js', function: 'handle', lineNo: 10, inApp: false },
          { filename: 'src/cart.ts', function: 'checkout', lineNo: 88, inApp: true },
          { filename: 'src/price.ts', function: 'total', lineNo: 12, inApp: true },
        ] } }] } }],
      }]));
    const r = await source().fetch({ issue: '4711', rule: null }, opts());
    expect(scope.isDone()).toBe(true);
    expect(auth).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(r).toEqual({
      ok: true,
      value: {
        problems: [],
        finding: {
          source: 'sentry',
          issue: {
            id: '4711', title: 'TypeError: x is undefined', count: 1520, users: 311, firstSeen: '2026-12-07T18:00:00Z', lastSeen: '2026-12-07T19:59:00Z',
            release: 'checkout@42', environment: 'production', url: 'https://acme.sentry.io/issues/4711/',
          },
          frames: [{ file: 'src/price.ts', function: 'total', line: 12 }, { file: 'src/cart.ts', function: 'checkout', line: 88 }],
          metricAlert: null,
        },
      },
    });
  });

  it('reads a metric alert rule and its current value (the latest minute of the last hour)', async () => {
    const scope = nock(BASE)
      .get('/api/0/organizations/acme/alert-rules/31/').reply(200, {
        id: '31', name: 'Checkout error rate', aggregate: 'count()', query: 'transaction:/checkout', dataset: 'events', environment: 'production',
        triggers: [{ label: 'critical', alertThreshold: 100 }],
      })
      .get('/api/0/organizations/acme/events-stats/')
      .query({ yAxis: 'count()', query: 'transaction:/checkout', statsPeriod: '1h', interval: '1m', dataset: 'errors', environment: 'production' })
      .reply(200, { data: [[1, [{ count: 40 }]], [2, [{ count: 180 }]]] });
    const r = await source().fetch({ issue: null, rule: '31' }, opts());
    expect(scope.isDone()).toBe(true);
    expect(r).toMatchObject({ ok: true, value: { finding: { metricAlert: { id: '31', name: 'Checkout error rate', query: 'count() where transaction:/checkout', threshold: 100, value: 180 } } } });
  });

  it('honours a 429 with its Retry-After, and maps a 5xx to retry, never echoing the token', async () => {
    nock(BASE).get('/api/0/organizations/acme/alert-rules/31/').reply(429, 'slow down', { 'retry-after': '42' });
    expect(await source().fetch({ issue: null, rule: '31' }, opts())).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 42_000 } });
    nock(BASE).get('/api/0/organizations/acme/issues/4711/').reply(502, `bad gateway ${TOKEN}`).get('/api/0/organizations/acme/issues/4711/events/latest/').reply(502, 'x');
    const r = await source().fetch({ issue: '4711', rule: null }, opts());
    expect(r).toMatchObject({ ok: false, error: { kind: 'retry' } });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('keeps the issue when the latest event fails, naming what is missing', async () => {
    nock(BASE)
      .get('/api/0/organizations/acme/issues/4711/').reply(200, { id: '4711', title: 'T', count: '3', userCount: 1 })
      .get('/api/0/organizations/acme/issues/4711/events/latest/').reply(500, 'x');
    const r = await source().fetch({ issue: '4711', rule: null }, opts());
    expect(r).toMatchObject({ ok: true, value: { problems: ['the latest event (HTTP 500)'], finding: { issue: { count: 3, release: null }, frames: [] } } });
  });

  it('gives up waiting when its time is up', async () => {
    const slow = await slowServer(nock);
    try {
      const r = await createSentrySource({ authToken: new Secret(TOKEN), org: 'acme', apiUrl: `${slow.url}/api/0/` })
        .fetch({ issue: null, rule: '31' }, { signal: AbortSignal.timeout(100), now: () => NOW });
      expect(r).toMatchObject({ ok: false, error: { kind: 'retry' } });
    } finally {
      slow.close();
    }
  });
});
