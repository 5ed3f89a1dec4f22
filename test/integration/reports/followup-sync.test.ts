// Tests: follow-ups as GitHub issues, reconciled by the periodic sync on the embedded store, GitHub
// answered by nock — an issue per new follow-up (never two: a lost answer is found again by its
// marker), a closed issue marks its follow-up done as done by GitHub, a failure leaves the rest and
// is tried again next run, and the token never shows in an error.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { createGitHubIssues } from '../../../src/integrations/github/issues.js';
import { followupMarker, syncFollowups } from '../../../src/reports/followup-sync.js';
import { addFollowup, listFollowups } from '../../../src/store/reports.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { listTimeline } from '../../../src/store/workflows.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

const API = 'https://github.test';
const TOKEN = 'ghp_sync_test_token_0123456789';
const actor = { id: 'U0ONE', team: 'T0TEAM', via: 'slack' as const };
const tracker = createGitHubIssues({ token: new Secret(TOKEN), apiUrl: API, repository: 'acme/ops', labels: ['incident-followup'] });

let store: SqlTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
  await store.query(`insert into workflows (id, kind, machine_version, version, status, snapshot, summary) values ('inc_sync1', 'incident', 1, 1, 'active', '{}', '{"status":"resolved"}')`);
  await store.query(`insert into incidents (id, title, service, severity, correlation_key, declared_by) values ('inc_sync1', 'Checkout down', 'checkout', 'sev1', 'k', 'U0ONE')`);
  nock.disableNetConnect();
}, 60_000);
afterAll(async () => {
  nock.enableNetConnect();
  await store?.close();
});
afterEach(() => nock.cleanAll());

const issue = (number: number, state: 'open' | 'closed', body = '') => ({ number, html_url: `https://github.test/acme/ops/issues/${number}`, state, body });

describe('follow-ups synced with GitHub issues', () => {
  it('creates an issue for a new follow-up, links one a lost answer already created, and marks done those whose issue closed', async () => {
    const first = (await addFollowup(store, 'inc_sync1', { text: 'Add a timeout to payment calls', owner: 'U0OWNER', due: '2026-12-15' }, actor))!;
    const second = (await addFollowup(store, 'inc_sync1', { text: 'Alert on queue depth', owner: null, due: null }, actor))!;
    let posted: Record<string, unknown> | null = null;
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/repos/acme/ops/issues').query({ state: 'all', per_page: '100', sort: 'created', direction: 'desc', labels: 'incident-followup' })
      .reply(200, [issue(7, 'open', 'unrelated'), issue(13, 'open', `text\n<!-- ${followupMarker(second)} -->`)])
      .get('/repos/acme/ops/issues').query(true)
      .reply(200, [issue(13, 'open', `text\n<!-- ${followupMarker(second)} -->`)])
      .post('/repos/acme/ops/issues', (body: Record<string, unknown>) => ((posted = body), true))
      .reply(201, issue(12, 'open'));

    const run1 = await syncFollowups(store, tracker, { publicUrl: 'https://firebreak.example.com' });
    expect(run1).toEqual({ created: 1, linked: 1, closed: 0, errors: [] });
    expect(scope.isDone()).toBe(true);
    expect(posted).toMatchObject({ title: '[#1] Add a timeout to payment calls', labels: ['incident-followup'] });
    expect(String(posted!.body)).toContain(`<!-- ${followupMarker(first)} -->`);
    expect(String(posted!.body)).toContain('https://firebreak.example.com/incidents/1');
    const linked = await listFollowups(store, 'inc_sync1');
    expect(linked.map((f) => f.external)).toEqual([
      { system: 'github', key: 'acme/ops#12', url: 'https://github.test/acme/ops/issues/12' },
      { system: 'github', key: 'acme/ops#13', url: 'https://github.test/acme/ops/issues/13' },
    ]);

    nock(API).get('/repos/acme/ops/issues/12').reply(200, issue(12, 'closed')).get('/repos/acme/ops/issues/13').reply(200, issue(13, 'open'));
    const run2 = await syncFollowups(store, tracker);
    expect(run2).toEqual({ created: 0, linked: 0, closed: 1, errors: [] });
    const after = await listFollowups(store, 'inc_sync1');
    expect(after.map((f) => [f.id, f.state, f.doneBy])).toEqual([[first.id, 'done', 'github:acme/ops'], [second.id, 'open', null]]);
    const done = (await listTimeline(store, 'inc_sync1')).filter((t) => t.kind === 'followup.done');
    expect(done.map((t) => t.actor)).toEqual(['github:acme/ops']);

    // A done follow-up is not asked about again.
    nock(API).get('/repos/acme/ops/issues/13').reply(200, issue(13, 'open'));
    expect(await syncFollowups(store, tracker)).toEqual({ created: 0, linked: 0, closed: 0, errors: [] });
  });

  it('leaves a follow-up it could not sync for the next run, without the token in the error', async () => {
    const third = (await addFollowup(store, 'inc_sync1', { text: 'Runbook for failover', owner: null, due: null }, actor))!;
    nock(API).get('/repos/acme/ops/issues/13').reply(200, issue(13, 'open'))
      .get('/repos/acme/ops/issues').query(true).reply(500, `backend on fire, token was ${TOKEN}`);
    const run = await syncFollowups(store, tracker);
    expect(run.created).toBe(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(new RegExp(`^follow-up #${third.id}: `));
    expect(run.errors[0]).not.toContain(TOKEN);
    expect((await listFollowups(store, 'inc_sync1')).find((f) => f.id === third.id)!.external).toBeNull();
  });
});
