// Tests: the GitHub rollback executor under nock — the exact workflow_dispatch request, finding the
// run it created, polling it to success and to failure, and every way it can go wrong before and
// after the dispatch (before: retry/give-up as usual; after: never a plain re-run).
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { createGithubRollbackExecutor, githubRollbackSettingsSchema, type GithubRollbackOptions } from '../../../../src/integrations/github/rollback.js';

const API = 'https://api.github.com';
const TOKEN = 'ghp_exampletoken0123456789';
const RUN = 9876543210;
const HTML = `https://github.com/acme/shop/actions/runs/${RUN}`;
const DISPATCH = '/repos/acme/shop/actions/workflows/rollback.yml/dispatches';
const T0 = Date.parse('2026-12-07T21:30:00Z');

const sleeps: number[] = [];
const executor = (over: Partial<GithubRollbackOptions> = {}) =>
  createGithubRollbackExecutor({ token: new Secret(TOKEN), apiUrl: API, now: () => T0, sleep: async (ms) => void sleeps.push(ms), ...over });

function request(over: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    requestId: 'apr_rb1',
    kind: 'rollback',
    action: 'rollback',
    params: { service: 'checkout', version: 'v2.3.9', reason: 'bad deploy' },
    settings: { repository: 'acme/shop', workflow: 'rollback.yml', inputs: { environment: 'production' } },
    note: 'Firebreak request #5 by U01',
    ...over,
  };
}

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

function capture(list: Captured[], status: number, body?: unknown, headers: Record<string, string> = {}) {
  return async (req: Request) => {
    const text = await req.text();
    const url = new URL(req.url);
    list.push({ method: req.method, path: url.pathname + url.search, headers: Object.fromEntries(req.headers.entries()), body: text ? JSON.parse(text) : null });
    return [status, body === undefined ? '' : JSON.stringify(body), { 'content-type': 'application/json', ...headers }] as [number, string, Record<string, string>];
  };
}

const run = (status: string, conclusion: string | null = null) => ({ id: RUN, run_number: 412, status, conclusion, html_url: HTML, event: 'workflow_dispatch', display_title: 'Rollback checkout (apr_rb1)' });
const details = { workflow_run_id: RUN, run_url: `${API}/repos/acme/shop/actions/runs/${RUN}`, html_url: HTML };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  sleeps.length = 0;
});
afterAll(() => nock.enableNetConnect());

describe('github rollback: dispatch and follow', () => {
  it('dispatches with ref, inputs (fixed + service, version, request id) and return_run_details, then polls the run to success', async () => {
    const seen: Captured[] = [];
    const scope = nock(API)
      .post(DISPATCH)
      .reply(capture(seen, 200, details))
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(capture(seen, 200, run('queued')))
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(capture(seen, 200, run('in_progress')))
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(capture(seen, 200, run('completed', 'success')));
    const result = await executor().execute(request({ settings: { repository: 'acme/shop', workflow: 'rollback.yml', inputs: { environment: 'production' }, poll_interval: '15s' } }), new AbortController().signal);
    expect(result).toEqual({
      ok: true,
      value: { detail: 'checkout rollback to v2.3.9: acme/shop rollback.yml run #412 succeeded', link: HTML, reference: String(RUN) },
    });
    expect(scope.isDone()).toBe(true);
    expect(seen[0]).toMatchObject({ method: 'POST', path: DISPATCH });
    expect(seen[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json', 'user-agent': 'Firebreak' });
    expect(seen[0]!.body).toStrictEqual({ ref: 'main', inputs: { environment: 'production', service: 'checkout', version: 'v2.3.9', request_id: 'apr_rb1' }, return_run_details: true });
    expect(seen.slice(1).every((s) => s.method === 'GET' && s.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(sleeps).toEqual([15_000, 15_000, 15_000]);
  });

  it('polls to failure: gives up with the conclusion and the run\'s page', async () => {
    nock(API)
      .post(DISPATCH)
      .reply(200, details)
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(200, run('in_progress'))
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(200, run('completed', 'failure'));
    expect(await executor().execute(request(), new AbortController().signal)).toEqual({
      ok: false,
      error: { kind: 'give-up', message: `github: checkout rollback to v2.3.9: acme/shop rollback.yml run #412 ended failure: ${HTML}` },
    });
  });

  it('a 204 (no run details): finds the run by event, creation time and the request id in its title', async () => {
    const seen: Captured[] = [];
    nock(API)
      .post(DISPATCH)
      .reply(capture(seen, 204))
      .get('/repos/acme/shop/actions/workflows/rollback.yml/runs')
      .query({ event: 'workflow_dispatch', created: '>=2026-12-07T21:29:00Z', per_page: '20' })
      .reply(capture(seen, 200, { total_count: 0, workflow_runs: [] }))
      .get('/repos/acme/shop/actions/workflows/rollback.yml/runs')
      .query(true)
      .reply(capture(seen, 200, { total_count: 2, workflow_runs: [{ ...run('queued'), id: 1, display_title: 'Rollback api (apr_other)' }, run('queued')] }))
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(capture(seen, 200, run('completed', 'success')));
    const result = await executor().execute(request(), new AbortController().signal);
    expect(result).toMatchObject({ ok: true, value: { reference: String(RUN), link: HTML } });
    expect(seen.map((s) => `${s.method} ${s.path.split('?')[0]}`)).toEqual([
      `POST ${DISPATCH}`,
      'GET /repos/acme/shop/actions/workflows/rollback.yml/runs',
      'GET /repos/acme/shop/actions/workflows/rollback.yml/runs',
      `GET /repos/acme/shop/actions/runs/${RUN}`,
    ]);
  });

  it('a server that does not know return_run_details (422 naming it) is asked again without it', async () => {
    const seen: Captured[] = [];
    nock(API)
      .post(DISPATCH)
      .reply(capture(seen, 422, { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' }))
      .post(DISPATCH)
      .reply(capture(seen, 204))
      .get('/repos/acme/shop/actions/workflows/rollback.yml/runs')
      .query(true)
      .reply(200, { workflow_runs: [run('completed', 'success')] });
    expect(await executor().execute(request(), new AbortController().signal)).toMatchObject({ ok: true });
    expect(seen.map((s) => s.body)).toStrictEqual([
      { ref: 'main', inputs: { environment: 'production', service: 'checkout', version: 'v2.3.9', request_id: 'apr_rb1' }, return_run_details: true },
      { ref: 'main', inputs: { environment: 'production', service: 'checkout', version: 'v2.3.9', request_id: 'apr_rb1' } },
    ]);
  });
});

describe('github rollback: before the dispatch is accepted', () => {
  it('422 (inputs the workflow does not declare) gives up: nothing ran', async () => {
    nock(API).post(DISPATCH).reply(422, { message: 'Unexpected inputs provided: ["request_id"]', documentation_url: 'https://docs.github.com' });
    expect(await executor().execute(request(), new AbortController().signal)).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'github: the dispatch was refused (HTTP 422): Unexpected inputs provided: ["request_id"]' },
    });
  });

  it('429 with Retry-After → rate-limited (not dispatched, safe to send again); 5xx → retry (for a non-idempotent executor: outcome unknown); 404 → give-up', async () => {
    nock(API).post(DISPATCH).reply(429, { message: 'API rate limit exceeded' }, { 'retry-after': '60' });
    expect(await executor().execute(request(), new AbortController().signal)).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 60_000 } });
    nock(API).post(DISPATCH).reply(502, 'Server Error');
    expect(await executor().execute(request(), new AbortController().signal)).toMatchObject({ ok: false, error: { kind: 'retry' } });
    nock(API).post(DISPATCH).reply(404, { message: 'Not Found' });
    const missing = await executor().execute(request(), new AbortController().signal);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining('HTTP 404') } });
    expect(JSON.stringify(missing)).not.toContain(TOKEN);
  });
});

describe('github rollback: after the dispatch (never a plain re-run)', () => {
  it('still running at follow_timeout → retry-kind (outcome unknown) with the run\'s link', async () => {
    let t = T0;
    nock(API).post(DISPATCH).reply(200, details).get(`/repos/acme/shop/actions/runs/${RUN}`).times(5).reply(200, run('in_progress'));
    const ex = executor({ now: () => t, sleep: async (ms) => void (t += ms) });
    const result = await ex.execute(request({ settings: { repository: 'acme/shop', workflow: 'rollback.yml', poll_interval: '1m', follow_timeout: '3m' } }), new AbortController().signal);
    expect(result).toEqual({ ok: false, error: { kind: 'retry', message: `github: rollback run #412 is still in_progress after 3 min: ${HTML}` } });
  });

  it('an abort (shutdown) stops following: retry-kind, with the link', async () => {
    const stop = new AbortController();
    nock(API).post(DISPATCH).reply(200, details).get(`/repos/acme/shop/actions/runs/${RUN}`).reply(200, run('in_progress'));
    const ex = executor({ sleep: async () => void stop.abort() });
    expect(await ex.execute(request(), stop.signal)).toEqual({
      ok: false,
      error: { kind: 'retry', message: `github: rollback run ${RUN} is queued; stopped following it (shutting down): ${HTML}` },
    });
  });

  it('a 429 while following waits Retry-After and carries on; a 5xx is polled through', async () => {
    nock(API)
      .post(DISPATCH)
      .reply(200, details)
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(429, { message: 'secondary rate limit' }, { 'retry-after': '45' })
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(503, 'unavailable')
      .get(`/repos/acme/shop/actions/runs/${RUN}`)
      .reply(200, run('completed', 'success'));
    expect(await executor().execute(request(), new AbortController().signal)).toMatchObject({ ok: true });
    expect(sleeps).toEqual([10_000, 45_000, 10_000, 10_000]);
  });

  it('a run that cannot be read (404) → retry-kind (outcome unknown), not give-up', async () => {
    nock(API).post(DISPATCH).reply(200, details).get(`/repos/acme/shop/actions/runs/${RUN}`).reply(404, { message: 'Not Found' });
    expect(await executor().execute(request(), new AbortController().signal)).toMatchObject({ ok: false, error: { kind: 'retry', message: expect.stringContaining('was dispatched but cannot be followed') } });
  });

  it('no run found by the deadline → retry-kind (outcome unknown)', async () => {
    let t = T0;
    nock(API).post(DISPATCH).reply(204).get('/repos/acme/shop/actions/workflows/rollback.yml/runs').query(true).times(3).reply(200, { workflow_runs: [] });
    const ex = executor({ now: () => t, sleep: async (ms) => void (t += ms) });
    const result = await ex.execute(request({ settings: { repository: 'acme/shop', workflow: 'rollback.yml', poll_interval: '1m', follow_timeout: '3m' } }), new AbortController().signal);
    expect(result).toEqual({ ok: false, error: { kind: 'retry', message: "github: the rollback was dispatched but its run was not found (no run has appeared yet); check the workflow's runs" } });
  });
});

describe('github rollback: configuration', () => {
  it('is not idempotent, carries out rollback only, needs GITHUB_TOKEN', async () => {
    const bare = createGithubRollbackExecutor({ apiUrl: API });
    expect(bare).toMatchObject({ name: 'github', idempotent: false, kinds: ['rollback'] });
    expect(bare.configured()).toBe(false);
    expect(await bare.execute(request(), new AbortController().signal)).toEqual({ ok: false, error: { kind: 'give-up', message: 'github: GITHUB_TOKEN is not set' } });
    expect(await executor().execute(request({ kind: 'block_ip' }), new AbortController().signal)).toMatchObject({ ok: false, error: { kind: 'give-up' } });
  });

  it('settings: repository and workflow required; defaults', () => {
    expect(githubRollbackSettingsSchema.parse({ repository: 'acme/shop', workflow: 'rollback.yml' })).toEqual({
      repository: 'acme/shop',
      workflow: 'rollback.yml',
      ref: 'main',
      inputs: {},
      pass_params: ['service', 'version'],
      request_id_input: 'request_id',
      poll_interval: 10_000,
      follow_timeout: 1_200_000,
    });
    expect(githubRollbackSettingsSchema.safeParse({ repository: 'acme', workflow: 'rollback.yml' }).success).toBe(false);
    expect(githubRollbackSettingsSchema.safeParse({ repository: 'acme/shop', workflow: '../x' }).success).toBe(false);
    expect(githubRollbackSettingsSchema.parse({ repository: 'acme/shop', workflow: 161335 }).workflow).toBe(161335);
  });
});

describe('github rollback: no TTL lift', () => {
  it('an unblock_ip (the lift of an IP block) is not something it does: give up before any call', async () => {
    expect(await executor().execute(request({ requestId: 'apr_x:lift', kind: 'unblock_ip', params: { ip: '45.33.32.156' } }), new AbortController().signal)).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'github cannot unblock_ip (it dispatches rollbacks)' },
    });
  });
});
