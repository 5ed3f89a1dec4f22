// Tests: the PagerDuty diagnostics source through @pagerduty/pdjs — exact requests under
// PAGERDUTY_API_URL (a loopback base URL), offset pagination, 429 with Retry-After, 5xx, timeouts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { createPagerDutySource } from '../../../../src/integrations/pagerduty/diagnostics.js';
import { NOW, signal, subject } from '../../../support/diagnostics-subject.js';

const BASE = 'http://127.0.0.1:4720';
const TOKEN = 'pd-rest-token-000000000000';
const source = (apiUrl = BASE) => createPagerDutySource({ token: new Secret(TOKEN), apiUrl, retryWaitMs: 5 });
const opts = () => ({ signal: signal(), now: () => NOW });
const oncall = (level: number, name: string) => ({ escalation_level: level, end: '2026-12-08T08:00:00Z', user: { summary: name }, escalation_policy: { id: 'PEP1' } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('PagerDuty diagnostics source', () => {
  it('asks about the PagerDuty incident of a PagerDuty-declared incident, else the configured service', () => {
    const pd = subject({ alerts: [{ source: 'pagerduty', key: 'Q1ABC', status: 'firing', title: 't', tags: { pagerduty_service_id: 'PSVC1' }, links: [], raw: null, startedAt: null }] });
    expect(source().ask(pd)).toEqual({ ok: true, query: { incident: 'Q1ABC', service: 'PSVC1' } });
    expect(source().ask(subject({ pagerdutyService: 'PSVC2' }))).toEqual({ ok: true, query: { incident: null, service: 'PSVC2' } });
    expect(source().ask(subject())).toMatchObject({ ok: false });
  });

  it('reads the incident, its log entries and who is on call now, following offset pages', async () => {
    const auth: Array<string | null> = [];
    const accept: Array<string | null> = [];
    const seen = (req: Request) => {
      auth.push(req.headers.get('authorization'));
      accept.push(req.headers.get('accept'));
    };
    const scope = nock(BASE)
      .get('/incidents/Q1ABC').reply((req: Request) => (seen(req), [200, { incident: { id: 'Q1ABC', escalation_policy: { id: 'PEP1', summary: 'Checkout on-call' }, service: { id: 'PSVC1' } } }]))
      .get('/incidents/Q1ABC/log_entries').query({ is_overview: 'true', limit: '100', offset: '0' })
      .reply((req: Request) => (seen(req), [200, { log_entries: [
        { type: 'notify_log_entry', created_at: '2026-12-07T19:58:00Z', summary: 'Notified Ann by push' },
        { type: 'acknowledge_log_entry', created_at: '2026-12-07T19:59:00Z', summary: 'Acknowledged by Ann' },
      ], limit: 100, offset: 0, more: false }]))
      .get('/oncalls').query({ 'escalation_policy_ids[]': 'PEP1', earliest: 'true', limit: '100', offset: '0' })
      .reply((req: Request) => (seen(req), [200, { oncalls: [oncall(2, 'Bob')], limit: 1, offset: 0, more: true }]))
      .get('/oncalls').query({ 'escalation_policy_ids[]': 'PEP1', earliest: 'true', limit: '100', offset: '1' })
      .reply((req: Request) => (seen(req), [200, { oncalls: [oncall(1, 'Ann')], limit: 1, offset: 1, more: false }]));

    const r = await source().fetch({ incident: 'Q1ABC', service: 'PSVC1' }, opts());
    expect(scope.isDone()).toBe(true);
    expect(r).toEqual({
      ok: true,
      value: {
        problems: [],
        finding: {
          source: 'pagerduty',
          policy: { id: 'PEP1', name: 'Checkout on-call' },
          onCall: [{ level: 1, name: 'Ann', until: '2026-12-08T08:00:00Z' }, { level: 2, name: 'Bob', until: '2026-12-08T08:00:00Z' }],
          log: [
            { at: '2026-12-07T19:59:00Z', type: 'acknowledge_log_entry', summary: 'Acknowledged by Ann' },
            { at: '2026-12-07T19:58:00Z', type: 'notify_log_entry', summary: 'Notified Ann by push' },
          ],
        },
      },
    });
    expect(new Set(auth)).toEqual(new Set([`Token token=${TOKEN}`]));
    expect(new Set(accept)).toEqual(new Set(['application/vnd.pagerduty+json;version=2']));
  });

  it('finds the policy through the configured service when there is no PagerDuty incident', async () => {
    const scope = nock(BASE)
      .get('/services/PSVC2').reply(200, { service: { id: 'PSVC2', escalation_policy: { id: 'PEP2', summary: 'Billing' } } })
      .get('/oncalls').query(true).reply(200, { oncalls: [oncall(1, 'Cy')], limit: 100, offset: 0, more: false });
    const r = await source().fetch({ incident: null, service: 'PSVC2' }, opts());
    expect(scope.isDone()).toBe(true);
    expect(r).toMatchObject({ ok: true, value: { finding: { policy: { id: 'PEP2', name: 'Billing' }, onCall: [{ level: 1, name: 'Cy' }], log: [] } } });
  });

  it('answers rate-limited with Retry-After once pdjs has used its (bounded) retries', async () => {
    const scope = nock(BASE).get('/services/PSVC2').times(4).reply(429, { error: { message: 'Rate Limit Exceeded' } }, { 'retry-after': '9' });
    const r = await source().fetch({ incident: null, service: 'PSVC2' }, opts());
    expect(scope.isDone()).toBe(true);
    expect(r).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 9000 } });
  });

  it('maps a 5xx to a retryable failure without the token', async () => {
    nock(BASE).get('/services/PSVC2').reply(503, { error: { message: `down ${TOKEN}` } });
    const r = await source().fetch({ incident: null, service: 'PSVC2' }, opts());
    expect(r).toMatchObject({ ok: false, error: { kind: 'retry', message: 'pagerduty GET /services/…: HTTP 503' } });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('reaches a loopback server through pdjs and stops when its time is up', async () => {
    nock.enableNetConnect('127.0.0.1');
    const paths: string[] = [];
    const server = http.createServer((req, res) => {
      paths.push(`${req.method} ${req.url?.split('?')[0]}`);
      if (req.url?.startsWith('/services/')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: { escalation_policy: { id: 'PEP9', summary: 'P' } } }));
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"oncalls":[]}'), 2000).unref();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await source(url).fetch({ incident: null, service: 'PSVC9' }, { signal: AbortSignal.timeout(300), now: () => NOW });
      expect(paths).toEqual(['GET /services/PSVC9', 'GET /oncalls']);
      expect(r).toMatchObject({ ok: false, error: { kind: 'retry', message: 'pagerduty GET /oncalls: no answer within the time allowed' } });
    } finally {
      server.closeAllConnections();
      server.close();
      nock.disableNetConnect();
    }
  });
});
