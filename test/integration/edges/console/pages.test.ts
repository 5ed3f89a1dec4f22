// Edge (console): the server-rendered pages in local mode — open first and filtered, one incident
// with its sections, stats with charts, untrusted text escaped, a strict CSP, and loopback only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncident } from '../../../../src/store/incidents.js';
import { addFollowup, listFollowups, setFollowupExternal } from '../../../../src/store/reports.js';
import { waitUntil } from '../../../support/escalation-fixtures.js';
import { deliver, startTestServer } from '../../../support/webhooks.js';

const alert = (key: string, title: string, severity: string, service: string, status = 'firing') =>
  Buffer.from(JSON.stringify({ key, status, title, severity, service }));

describe('web console pages (local mode)', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    app = await startTestServer('routing:\n  defaults: { declare: sev4 }\nsources:\n  trusted_proxies: ["127.0.0.1"]\ntargets:\n  sev1: { acknowledge: 5m, resolve: 15m }\n');
    expect((await deliver(app.url, 'generic', alert('a1', 'Checkout <script>alert(1)</script> slow', 'sev1', 'checkout'))).status).toBe(202);
    expect((await deliver(app.url, 'generic', alert('a2', 'Search index lagging', 'sev3', 'search'))).status).toBe(202);
    expect((await deliver(app.url, 'generic', alert('a3', 'Login errors', 'sev2', 'auth'))).status).toBe(202);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('lists open incidents newest first, escaping their titles, under a strict CSP with no inline script or style', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    const page = await res.text();
    expect(page).toContain('Checkout &lt;script&gt;alert(1)&lt;/script&gt; slow');
    expect(page).not.toContain('<script');
    expect(page).not.toMatch(/\sstyle=/);
    expect(page).toContain('Incidents 1–3 of 3, open first');
    const order = ['Login errors', 'Search index lagging', 'Checkout'].map((t) => page.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const css = /href="(\/static\/console-[0-9a-f]+\.css)"/.exec(page)![1]!;
    const sheet = await get(css);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('filters by severity and service, and names a bad filter with 400', async () => {
    const sev1 = await (await get('/?severity=sev1')).text();
    expect(sev1).toContain('Incidents 1–1 of 1');
    expect(sev1).toContain('Checkout');
    const search = await (await get('/?service=search&status=any')).text();
    expect(search).toContain('Search index lagging');
    expect(search).not.toContain('Login errors');
    const none = await (await get('/?service=nothing-here')).text();
    expect(none).toContain('No incidents match these filters.');
    const future = await (await get('/?from=2999-01-01')).text();
    expect(future).toContain('No incidents match these filters.');
    const bad = await get('/?severity=sev9');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('severity must be one of sev1, sev2, sev3, sev4');
  });

  it('shows one incident with its summary, timeline and alerts, and 404 for an unknown number', async () => {
    const res = await get('/incidents/1');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>#1 Checkout &lt;script&gt;alert(1)&lt;/script&gt; slow</h1>');
    for (const heading of ['Summary', 'Timeline', 'Alerts', 'Pages', 'Actions and approvals', 'Evidence', 'Follow-ups', 'Post-mortem']) expect(page).toContain(`>${heading}</h2>`);
    expect(page).toContain('Incident #1 declared');
    expect(page).toContain('<td>generic</td>');
    expect((await get('/incidents/999')).status).toBe(404);
    expect((await get('/incidents/abc')).status).toBe(404);
  });

  it('shows follow-ups and, once resolved, the post-mortem draft rendered from its Markdown', async () => {
    const { id } = (await findIncident(app.store, { number: 3 }))!;
    const added = (await addFollowup(app.store, id, { text: 'Alert on <login> error budget', owner: 'U0LEAD', due: '2026-12-31' }, { id: 'U0LEAD', team: 'T1', via: 'slack' }))!;
    // Tracked in GitHub and Jira at once: both links shown.
    await setFollowupExternal(app.store, added.id, { system: 'github', key: 'acme/ops#7', url: 'https://github.test/acme/ops/issues/7' });
    await setFollowupExternal(app.store, added.id, { system: 'jira', key: 'OPS-7', url: 'https://acme.atlassian.test/browse/OPS-7' });
    expect((await app.engine.runner.send(id, { type: 'incident.resolve', actor: 'U0LEAD', summary: 'Rolled back the login change' })).ok).toBe(true);
    const page = await waitUntil('the draft', async () => {
      const text = await (await get('/incidents/3')).text();
      return text.includes('class="postmortem"') ? text : null;
    }, 15_000);
    expect(page).toContain('<table id="followups">');
    expect(page).toContain('Alert on &lt;login&gt; error budget');
    expect(page).toContain('<td><a href="https://github.test/acme/ops/issues/7" rel="noopener noreferrer">github acme/ops#7</a><br><a href="https://acme.atlassian.test/browse/OPS-7" rel="noopener noreferrer">jira OPS-7</a></td>');
    expect(page).toContain('— <a href="https://github.test/acme/ops/issues/7" rel="noopener noreferrer">acme/ops#7</a> — <a href="https://acme.atlassian.test/browse/OPS-7" rel="noopener noreferrer">OPS-7</a>');
    expect(page).toContain('<h3>Post-mortem: #3 Login errors</h3>');
    expect(page).toContain('<a href="/incidents/3/postmortem.md">');
    expect(page).not.toContain('<login>');

    // Mark done, from this machine: only a post from the console's own page (its Origin) counts.
    const [f] = await listFollowups(app.store, id);
    const done = (origin?: string) => fetch(`${app.url}/incidents/3/followups/${f!.id}/done`, { method: 'POST', redirect: 'manual', headers: origin ? { origin } : {} });
    expect((await done()).status).toBe(403);
    expect((await done(app.url)).status).toBe(302);
    expect((await listFollowups(app.store, id))[0]).toMatchObject({ state: 'done', doneBy: 'console:local' });
  });

  it('draws the stats as inline SVG charts', async () => {
    const page = await (await get('/stats')).text();
    expect(page).toContain('3 incidents in the last 90 days');
    expect(page.match(/<svg class="chart"/g)?.length).toBe(5); // four by week, and targets met by severity
    expect(page).toContain('<title id="chart-incidents-t">Incidents per week by severity</title>');
    expect((await get('/stats?range=7y')).status).toBe(400);
  });

  it('shows the targets met per severity, the open sev1 not yet judged, the others as no target, and keeps to a service', async () => {
    const page = await (await get('/stats')).text();
    const table = /<table id="targets"[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    const text = table.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('sev1 1 incident Acknowledge within 5m 0 0 1 — Resolve within 15m 0 0 1 — Every target 0 0 1 —');
    expect(text).toContain('sev2 1 incident No target set');
    expect(text).toContain('sev3 1 incident No target set');
    expect(page).toContain('<svg class="chart" id="chart-targets"');
    const search = await (await get('/stats?service=search')).text();
    const searchText = (/<table id="targets"[\s\S]*?<\/table>/.exec(search)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(searchText).toContain('sev1 0 incidents');
    expect(searchText).toContain('sev3 1 incident No target set');
    expect(searchText).not.toContain('sev2');
  });

  it('is closed to a client that is not on this machine (through a trusted proxy)', async () => {
    const res = await get('/', { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('open to this machine only');
    expect((await get('/incidents/1', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await get('/', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
  });
});
