// Tests: what changed — GitHub deployments and releases of the service's repository (exact requests,
// pages followed until the window is passed), webhook deploys, 429 / 5xx / timeouts.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { Deploy } from '../../../../src/domain/diagnostics.js';
import { createChangesSource } from '../../../../src/integrations/github/changes.js';
import { NOW, signal, slowServer, subject } from '../../../support/diagnostics-subject.js';

const BASE = 'http://127.0.0.1:4722';
const TOKEN = 'ghp_000000000000000000000000000000000000';
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const opts = () => ({ signal: signal(), now: () => NOW });
const source = (webhookDeploys: ((s: string, w: number) => Promise<Deploy[]>) | null = null, token: string | null = TOKEN) =>
  createChangesSource({ github: { ...(token ? { token: new Secret(token) } : {}), apiUrl: BASE }, windowMs: () => 2 * HOUR, webhookDeploys });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const deployment = (id: number, at: string, ref: string) => ({ id, ref, sha: 'abcdef1234567890', environment: 'production', description: `deploy ${ref}`, created_at: at });

describe('what changed (GitHub + deploy webhook)', () => {
  it('asks for the repository routing maps the service to', () => {
    expect(source().ask(subject({ repository: 'acme/checkout' }))).toEqual({ ok: true, query: { service: 'checkout', repository: 'acme/checkout', windowMs: 2 * HOUR } });
    expect(source().ask(subject())).toMatchObject({ ok: false });
    expect(source(async () => []).ask(subject())).toEqual({ ok: true, query: { service: 'checkout', repository: null, windowMs: 2 * HOUR } });
  });

  it('reads deployments page by page until one is older than the window, and releases, newest first', async () => {
    const headers: Array<string | null> = [];
    const next = { link: `<${BASE}/repos/acme/checkout/deployments?per_page=100&page=2>; rel="next"` };
    const scope = nock(BASE)
      .get('/repos/acme/checkout/deployments').query({ per_page: '100', page: '1' })
      .reply((req: Request) => (headers.push(req.headers.get('authorization')), [200, [deployment(3, ago(10 * 60_000), 'v42')], next]))
      .get('/repos/acme/checkout/deployments').query({ per_page: '100', page: '2' })
      .reply(200, [deployment(2, ago(90 * 60_000), 'v41'), deployment(1, ago(5 * HOUR), 'v40')], { link: `<${BASE}/x?page=3>; rel="next"` })
      .get('/repos/acme/checkout/releases').query({ per_page: '100', page: '1' })
      .reply(200, [{ id: 9, tag_name: 'v42', name: 'Checkout 42', html_url: 'https://github.com/acme/checkout/releases/v42', published_at: ago(20 * 60_000), created_at: ago(20 * 60_000) }]);
    const r = await source().fetch({ service: 'checkout', repository: 'acme/checkout', windowMs: 2 * HOUR }, opts());
    expect(scope.isDone()).toBe(true);
    expect(headers).toEqual([`Bearer ${TOKEN}`]);
    expect(r).toMatchObject({ ok: true, value: { problems: [], finding: { source: 'changes', windowMs: 2 * HOUR } } });
    if (!r.ok) return;
    const f = r.value.finding as { deploys: Deploy[] };
    expect(f.deploys.map((d) => [d.via, d.version])).toEqual([['github-deployment', 'v42'], ['github-release', 'v42'], ['github-deployment', 'v41']]);
  });

  it('adds the deploys a CD system reported, and keeps them when GitHub fails (naming what is missing)', async () => {
    nock(BASE).get('/repos/acme/checkout/deployments').query(true).reply(503, 'x').get('/repos/acme/checkout/releases').query(true).reply(503, 'x');
    const reported: Deploy = { at: ago(5 * 60_000), service: 'checkout', repository: null, environment: 'prod', version: '2026.12.07-1', description: null, url: null, via: 'webhook' };
    const r = await source(async (service, windowMs) => (service === 'checkout' && windowMs === 2 * HOUR ? [reported] : [])).fetch({ service: 'checkout', repository: 'acme/checkout', windowMs: 2 * HOUR }, opts());
    expect(r).toEqual({ ok: true, value: { problems: ['some deploys (HTTP 503)', 'some deploys (HTTP 503)'], finding: { source: 'changes', windowMs: 2 * HOUR, deploys: [reported] } } });
  });

  it('honours a 429 when nothing else answered', async () => {
    nock(BASE).get('/repos/acme/checkout/deployments').query(true).reply(429, '', { 'retry-after': '60' }).get('/repos/acme/checkout/releases').query(true).reply(429, '', { 'retry-after': '60' });
    expect(await source().fetch({ service: 'checkout', repository: 'acme/checkout', windowMs: 2 * HOUR }, opts())).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 60_000 } });
  });

  it('gives up when its time is up', async () => {
    const slow = await slowServer(nock);
    try {
      const r = await createChangesSource({ github: { token: new Secret(TOKEN), apiUrl: slow.url }, windowMs: () => 2 * HOUR, webhookDeploys: null })
        .fetch({ service: 'checkout', repository: 'acme/checkout', windowMs: 2 * HOUR }, { signal: AbortSignal.timeout(100), now: () => NOW });
      expect(r).toMatchObject({ ok: false, error: { kind: 'retry' } });
    } finally {
      slow.close();
    }
  });
});
