// Tests: the GitHub rollback executor against a fake GitHub Actions API on loopback — GITHUB_API_URL
// is really where the dispatch and the polls go (a GitHub Enterprise-style base path included), the
// run is found and followed with real (short) waits, and a hung server times out before dispatching.
// No nock in this file: nock 15 cannot pass a fetch with a body through to a real server.
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { createGithubRollbackExecutor } from '../../../../src/integrations/github/rollback.js';
import { startFakeVendor, type FakeVendor, type SeenRequest } from '../../../support/fake-vendor.js';

const TOKEN = 'ghp_loopback0123456789';
const PREFIX = '/api/v3';

/**
 * A tiny Actions: a dispatch creates a run titled with its request_id input; each read of the run
 * moves it one step (queued → in_progress → completed with `conclusion`). `details` answers the
 * dispatch with the run's id (GitHub.com); without it, 204 (older servers).
 */
function actions(conclusion: 'success' | 'failure', details: boolean) {
  const runs: Array<{ id: number; run_number: number; status: string; conclusion: string | null; html_url: string; display_title: string; event: string; created_at: string }> = [];
  let hang = false;
  const steps = ['queued', 'in_progress', 'completed'];
  const route = (req: SeenRequest) => {
    if (hang) return 'hang' as const;
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: { message: 'Bad credentials' } };
    if (req.method === 'POST' && req.path === `${PREFIX}/repos/acme/shop/actions/workflows/rollback.yml/dispatches`) {
      const body = req.body as { ref: string; inputs: Record<string, string>; return_run_details?: boolean };
      const id = 5000 + runs.length;
      runs.push({ id, run_number: 1 + runs.length, status: 'queued', conclusion: null, html_url: `https://github.example.com/acme/shop/actions/runs/${id}`, display_title: `Rollback ${body.inputs.service} (${body.inputs.request_id})`, event: 'workflow_dispatch', created_at: new Date().toISOString() });
      if (details && body.return_run_details) return { status: 200, body: { workflow_run_id: id, run_url: `x/${id}`, html_url: runs.at(-1)!.html_url } };
      return { status: 204 };
    }
    if (req.method === 'GET' && req.path === `${PREFIX}/repos/acme/shop/actions/workflows/rollback.yml/runs`) {
      return { status: 200, body: { total_count: runs.length, workflow_runs: req.query.get('event') === 'workflow_dispatch' ? runs : [] } };
    }
    const m = new RegExp(`^${PREFIX}/repos/acme/shop/actions/runs/(\\d+)$`).exec(req.path);
    const found = m ? runs.find((r) => r.id === Number(m[1])) : undefined;
    if (req.method === 'GET' && found) {
      found.status = steps[Math.min(steps.indexOf(found.status) + 1, 2)]!;
      if (found.status === 'completed') found.conclusion = conclusion;
      return { status: 200, body: found };
    }
    return { status: 404, body: { message: 'Not Found' } };
  };
  return { runs, route, hangFromNowOn: () => (hang = true) };
}

let fake: FakeVendor | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const req: ExecutionRequest = {
  requestId: 'apr_loop_rb',
  kind: 'rollback',
  action: 'rollback',
  params: { service: 'checkout', version: 'v2.3.9' },
  settings: { repository: 'acme/shop', workflow: 'rollback.yml', poll_interval: '20ms', follow_timeout: '10s' },
  note: 'n',
};

describe('github rollback against a loopback Actions API', () => {
  it('204 dispatch → finds the run by its title → follows it to success', async () => {
    const gh = actions('success', false);
    fake = await startFakeVendor(gh.route, PREFIX);
    const result = await createGithubRollbackExecutor({ token: new Secret(TOKEN), apiUrl: fake.base }).execute(req, new AbortController().signal);
    expect(result).toEqual({
      ok: true,
      value: { detail: 'checkout rollback to v2.3.9: acme/shop rollback.yml run #1 succeeded', link: 'https://github.example.com/acme/shop/actions/runs/5000', reference: '5000' },
    });
    expect(gh.runs).toHaveLength(1);
    expect(fake.seen[0]!.body).toStrictEqual({ ref: 'main', inputs: { service: 'checkout', version: 'v2.3.9', request_id: 'apr_loop_rb' }, return_run_details: true });
    expect(fake.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      `POST ${PREFIX}/repos/acme/shop/actions/workflows/rollback.yml/dispatches`,
      `GET ${PREFIX}/repos/acme/shop/actions/workflows/rollback.yml/runs`,
      `GET ${PREFIX}/repos/acme/shop/actions/runs/5000`,
      `GET ${PREFIX}/repos/acme/shop/actions/runs/5000`,
    ]);
  });

  it('run details in the dispatch answer → follows it to failure: give-up with the run\'s page, one dispatch only', async () => {
    const gh = actions('failure', true);
    fake = await startFakeVendor(gh.route, PREFIX);
    const result = await createGithubRollbackExecutor({ token: new Secret(TOKEN), apiUrl: fake.base }).execute(req, new AbortController().signal);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'github: checkout rollback to v2.3.9: acme/shop rollback.yml run #1 ended failure: https://github.example.com/acme/shop/actions/runs/5000' },
    });
    expect(fake.seen.filter((s) => s.method === 'POST')).toHaveLength(1);
  });

  it('a server that never answers the dispatch → retry after the timeout (for this executor: outcome unknown)', async () => {
    const gh = actions('success', true);
    gh.hangFromNowOn();
    fake = await startFakeVendor(gh.route, PREFIX);
    const result = await createGithubRollbackExecutor({ token: new Secret(TOKEN), apiUrl: fake.base, timeoutMs: 150 }).execute(req, new AbortController().signal);
    expect(result).toMatchObject({ ok: false, error: { kind: 'retry', message: expect.stringContaining('no answer within 150 ms') } });
  });
});
