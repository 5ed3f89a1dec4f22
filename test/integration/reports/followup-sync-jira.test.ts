// Tests: follow-ups as Jira issues, reconciled by the same periodic sync as GitHub's, on the embedded
// store against a loopback fake Jira Cloud (REST API v3) — an issue per new follow-up, linked by its
// key and browse URL; a lost create answer found again by its marker, never a second issue; an issue
// moved to Done marks its follow-up done as done by jira:<project> (timeline and audit); a 5xx or 429
// leaves an error line and is tried again next run with nothing lost; the API token never shows in an
// error; and with GitHub configured too, each follow-up gets both.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { createGitHubIssues } from '../../../src/integrations/github/issues.js';
import { adfText } from '../../../src/integrations/jira/adf.js';
import { createJiraIssues } from '../../../src/integrations/jira/issues.js';
import { followupMarker, syncFollowups } from '../../../src/reports/followup-sync.js';
import { addFollowup, listFollowups } from '../../../src/store/reports.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { listTimeline } from '../../../src/store/workflows.js';
import { startFakeJira, type FakeJira } from '../../support/fake-jira.js';
import { startFakeVendor, type FakeVendor } from '../../support/fake-vendor.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

const EMAIL = 'firebreak-bot@acme.example';
const TOKEN = 'ATATT3xFfGF0jira_test_token_0123456789';
const BASIC = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
const actor = { id: 'U0ONE', team: 'T0TEAM', via: 'slack' as const };

let store: SqlTransport;
let jira: FakeJira;
let incident = 0;
const tracker = () => createJiraIssues({ url: jira.base, email: EMAIL, apiToken: new Secret(TOKEN), project: 'OPS', issueType: 'Task', labels: ['incident-followup', 'sre'] });

beforeAll(async () => {
  store = await openTestEmbedded();
  jira = await startFakeJira({ email: EMAIL, token: TOKEN });
}, 60_000);
afterAll(async () => {
  await jira?.close();
  await store?.close();
});

/** A fresh incident per test: the sync sees every open follow-up, so each test starts from none. */
async function newIncident(): Promise<string> {
  const id = `inc_jira${++incident}`;
  await store.query(`update followups set state = 'done' where state = 'open'`);
  await store.query(`insert into workflows (id, kind, machine_version, version, status, snapshot, summary) values ($1, 'incident', 1, 1, 'active', '{}', '{"status":"resolved"}')`, [id]);
  await store.query(`insert into incidents (id, title, service, severity, correlation_key, declared_by) values ($1, 'Checkout down', 'checkout', 'sev1', $1, 'U0ONE')`, [id]);
  return id;
}

const followup = async (incidentId: string, text: string, extra: { owner?: string; due?: string } = {}) =>
  (await addFollowup(store, incidentId, { text, owner: extra.owner ?? null, due: extra.due ?? null }, actor))!;
const byId = async (incidentId: string, id: number) => (await listFollowups(store, incidentId)).find((f) => f.id === id)!;
const creates = () => jira.seen.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue');

describe('follow-ups synced with Jira issues', () => {
  beforeEach(() => {
    jira.seen.length = 0;
  });

  it('creates an issue in the project for a new follow-up and links its key and browse URL', async () => {
    const inc = await newIncident();
    const f = await followup(inc, 'Add a <timeout> to *payment* calls', { owner: 'U0OWNER', due: '2026-12-15' });

    const run = await syncFollowups(store, tracker(), { publicUrl: 'https://firebreak.example.com' });
    expect(run).toEqual({ created: 1, linked: 0, closed: 0, errors: [] });

    const [search, create] = jira.seen;
    expect(search!.path).toBe('/rest/api/3/search/jql');
    expect(search!.query.get('jql')).toBe(`project = "OPS" AND labels = "incident-followup" AND description ~ "\\"${followupMarker(f)}\\"" ORDER BY created DESC`);
    expect(create!.headers.authorization).toBe(`Basic ${BASIC}`);
    const { fields } = create!.body as { fields: Record<string, unknown> };
    expect(fields).toMatchObject({ project: { key: 'OPS' }, issuetype: { name: 'Task' }, labels: ['incident-followup', 'sre'] });
    expect(fields.summary).toMatch(/^\[#\d+\] Add a <timeout> to \*payment\* calls$/);
    // Atlassian Document Format: the text as data (no markup read from it), the console link a link, the marker last.
    expect(fields.description).toMatchObject({ type: 'doc', version: 1 });
    const text = adfText(fields.description);
    expect(text).toContain('Add a <timeout> to *payment* calls');
    expect(text).toContain('Owner (Slack user): U0OWNER\nDue: 2026-12-15');
    expect(text).toContain('Moving this issue to a Done status marks the follow-up done in Firebreak.');
    expect(text.endsWith(followupMarker(f))).toBe(true);
    expect(JSON.stringify(fields.description)).toMatch(/"marks":\[\{"type":"link","attrs":\{"href":"https:\/\/firebreak\.example\.com\/incidents\/\d+"\}\}\]/);

    const key = jira.issues.at(-1)!.key;
    expect((await byId(inc, f.id)).externals).toEqual([{ system: 'jira', key, url: `${jira.base}/browse/${key}` }]);
    expect((await byId(inc, f.id)).external).toEqual({ system: 'jira', key, url: `${jira.base}/browse/${key}` });

    // Linked: later runs only read its state.
    jira.seen.length = 0;
    expect(await syncFollowups(store, tracker())).toEqual({ created: 0, linked: 0, closed: 0, errors: [] });
    expect(jira.seen.map((r) => `${r.method} ${r.path}?fields=${r.query.get('fields')}`)).toEqual([`GET /rest/api/3/issue/${key}?fields=status`]);
  });

  it('finds the issue a lost create answer made by its marker on the next run, instead of making a second', async () => {
    const inc = await newIncident();
    const f = await followup(inc, 'Alert on queue depth');
    const before = jira.issues.length;

    jira.loseNextCreateAnswer();
    const first = await syncFollowups(store, tracker());
    expect(first.created).toBe(0);
    expect(first.errors).toEqual([expect.stringMatching(new RegExp(`^follow-up #${f.id}: jira POST /rest/api/3/issue: HTTP 502`))]);
    expect((await byId(inc, f.id)).externals).toEqual([]);
    expect(jira.issues).toHaveLength(before + 1);

    const second = await syncFollowups(store, tracker());
    expect(second).toEqual({ created: 0, linked: 1, closed: 0, errors: [] });
    expect(jira.issues).toHaveLength(before + 1);
    expect(creates()).toHaveLength(1);
    const key = jira.issues.at(-1)!.key;
    expect((await byId(inc, f.id)).externals).toEqual([{ system: 'jira', key, url: `${jira.base}/browse/${key}` }]);
  });

  it('does not link an issue the text search found whose description lacks the exact marker', async () => {
    const inc = await newIncident();
    const f = await followup(inc, 'Rotate the replica');
    // Jira's phrase search ignores punctuation: these words match the marker's, the marker is not there.
    jira.issues.push({
      key: 'OPS-900', project: 'OPS', issueType: 'Task', summary: 'other', labels: ['incident-followup'], category: 'new',
      description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `firebreak followup ${f.incidentId} ${f.id}` }] }] },
    });
    expect(await syncFollowups(store, tracker())).toEqual({ created: 1, linked: 0, closed: 0, errors: [] });
    expect(jira.seen.find((r) => r.path === '/rest/api/3/search/jql')).toBeDefined();
    expect((await byId(inc, f.id)).externals[0]!.key).not.toBe('OPS-900');
    jira.issues.splice(jira.issues.findIndex((i) => i.key === 'OPS-900'), 1);
  });

  it('marks the follow-up done when its issue moves to a status in the Done category, on the timeline and in the audit log as jira:<project>', async () => {
    const inc = await newIncident();
    const f = await followup(inc, 'Write the failover runbook');
    await syncFollowups(store, tracker());
    const key = (await byId(inc, f.id)).externals[0]!.key;

    jira.move(key, 'indeterminate');
    expect(await syncFollowups(store, tracker())).toEqual({ created: 0, linked: 0, closed: 0, errors: [] });
    expect((await byId(inc, f.id)).state).toBe('open');

    jira.move(key, 'done');
    expect(await syncFollowups(store, tracker())).toEqual({ created: 0, linked: 0, closed: 1, errors: [] });
    expect(await byId(inc, f.id)).toMatchObject({ state: 'done', doneBy: 'jira:OPS' });
    const done = (await listTimeline(store, inc)).filter((t) => t.kind === 'followup.done');
    expect(done.map((t) => [t.actor, (t.data as { via: string }).via])).toEqual([['jira:OPS', 'jira']]);
    const audit = await store.query<{ actor: string; via: string; outcome: string; data: { id: number } }>(
      `select actor, via, outcome, data from audit_log where action = 'followup.done' and subject = $1`, [inc]);
    expect(audit.map((a) => [a.actor, a.via, a.outcome, Number(a.data.id)])).toEqual([['jira:OPS', 'jira', 'ok', f.id]]);

    // Done: not asked about again.
    jira.seen.length = 0;
    await syncFollowups(store, tracker());
    expect(jira.seen.filter((r) => r.path.endsWith(key))).toEqual([]);
  });

  it('leaves an error line on a 5xx or 429, tries again next run, and loses nothing', async () => {
    const inc = await newIncident();
    const a = await followup(inc, 'Cap retries');
    const b = await followup(inc, 'Page the DBA on replica lag');
    await syncFollowups(store, tracker());
    const keyA = (await byId(inc, a.id)).externals[0]!.key;
    const c = await followup(inc, 'Load-test the checkout');
    jira.move(keyA, 'done');

    jira.failNext({ status: 503, body: `{"errorMessages":["Service unavailable, auth was Basic ${BASIC} token ${TOKEN}"]}` }, { path: `/rest/api/3/issue/${keyA}` });
    jira.failNext({ status: 429, body: { errorMessages: ['Rate limit exceeded'] }, headers: { 'retry-after': '7' } }, { path: '/rest/api/3/search/jql' });
    const failed = await syncFollowups(store, tracker());
    expect(failed).toEqual({ created: 0, linked: 0, closed: 0, errors: [expect.stringMatching(new RegExp(`^follow-up #${a.id}: jira GET /rest/api/3/issue/${keyA}: HTTP 503`)), expect.stringMatching(new RegExp(`^follow-up #${c.id}: jira GET /rest/api/3/search/jql: HTTP 429`))] });
    for (const line of failed.errors) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(BASIC);
    }
    expect((await byId(inc, a.id)).state).toBe('open');
    expect((await byId(inc, c.id)).externals).toEqual([]);

    const retried = await syncFollowups(store, tracker());
    expect(retried).toEqual({ created: 1, linked: 0, closed: 1, errors: [] });
    expect((await byId(inc, a.id)).state).toBe('done');
    expect((await byId(inc, b.id)).state).toBe('open');
    expect((await byId(inc, c.id)).externals.map((e) => e.system)).toEqual(['jira']);
  });

  it('says which answer it could not read, rather than linking nothing or crashing', async () => {
    const inc = await newIncident();
    const f = await followup(inc, 'Trim the dashboard');
    jira.failNext({ status: 200, body: { values: [] } }, { path: '/rest/api/3/search/jql' });
    expect((await syncFollowups(store, tracker())).errors).toEqual([`follow-up #${f.id}: jira: unexpected answer to the marker search`]);
    expect((await byId(inc, f.id)).externals).toEqual([]);
  });

  it('with GitHub configured too, gives each follow-up an issue in both, each synced on its own', async () => {
    const inc = await newIncident();
    const f = await followup(inc, 'Shed load earlier');
    const gh = await startFakeGitHub();
    try {
      const github = createGitHubIssues({ token: new Secret('ghp_both_trackers_0123456789'), apiUrl: gh.fake.base, repository: 'acme/ops', labels: ['incident-followup'] });
      expect(await syncFollowups(store, github)).toEqual({ created: 1, linked: 0, closed: 0, errors: [] });
      expect(await syncFollowups(store, tracker())).toEqual({ created: 1, linked: 0, closed: 0, errors: [] });
      const linked = await byId(inc, f.id);
      const jiraKey = jira.issues.at(-1)!.key;
      expect(linked.externals).toEqual([
        { system: 'github', key: 'acme/ops#1', url: 'https://github.test/acme/ops/issues/1' },
        { system: 'jira', key: jiraKey, url: `${jira.base}/browse/${jiraKey}` },
      ]);
      expect(linked.external).toEqual(linked.externals[0]);

      // Done in Jira first: done by Jira; GitHub then leaves it alone.
      jira.move(jiraKey, 'done');
      expect(await syncFollowups(store, tracker())).toMatchObject({ closed: 1, errors: [] });
      gh.closeAll();
      expect(await syncFollowups(store, github)).toEqual({ created: 0, linked: 0, closed: 0, errors: [] });
      expect(await byId(inc, f.id)).toMatchObject({ state: 'done', doneBy: 'jira:OPS' });
    } finally {
      await gh.fake.close();
    }
  });
});

/** GitHub's issues API on loopback, as much as the sync uses. */
async function startFakeGitHub() {
  const issues: Array<{ number: number; html_url: string; state: string; body: string }> = [];
  const fake: FakeVendor = await startFakeVendor((req) => {
    if (req.method === 'GET' && req.path === '/repos/acme/ops/issues') return { status: 200, body: [...issues].reverse() };
    if (req.method === 'POST' && req.path === '/repos/acme/ops/issues') {
      const issue = { number: issues.length + 1, html_url: `https://github.test/acme/ops/issues/${issues.length + 1}`, state: 'open', body: (req.body as { body: string }).body };
      issues.push(issue);
      return { status: 201, body: issue };
    }
    const one = /^\/repos\/acme\/ops\/issues\/(\d+)$/.exec(req.path);
    const issue = one ? issues[Number(one[1]) - 1] : undefined;
    return issue ? { status: 200, body: issue } : { status: 404, body: { message: 'Not Found' } };
  });
  return { fake, closeAll: () => issues.forEach((i) => (i.state = 'closed')) };
}
