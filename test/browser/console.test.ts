// Browser: the web console in Debian's Chromium driven by playwright-core — Sign in with Slack against
// the fake OpenID provider, the list's filters, an incident page, the stats charts and targets table drawn with data,
// a private incident hidden from someone outside its channel, and in local mode the first alert
// seen with no sign-in. Every page: no console error, no CSP violation (Chromium reports both as
// console errors), the stylesheet applied. Screenshots of each page go to test-artifacts/console/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADA, BOB, startConsoleServer, type ConsoleServer } from '../support/console-server.js';
import { waitUntil } from '../support/escalation-fixtures.js';
import { deliver, startTestServer } from '../support/webhooks.js';
import { findIncident } from '../../src/store/incidents.js';
import { addFollowup } from '../../src/store/reports.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser with a fresh profile (its own --user-data-dir), and every console error and page error it reports. */
async function openBrowser(): Promise<{ context: BrowserContext; page: Page; errors: string[]; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'fb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return {
    context, page, errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** The stylesheet reached the page (a blocked or missing one leaves the badge unpainted). */
const styled = (page: Page) => page.evaluate<string>("getComputedStyle(document.querySelector('header.site')).borderBottomStyle");

describe('web console in Chromium, signed in with Slack', () => {
  let s: ConsoleServer;
  let privateNumber: number;
  let publicNumber: number;
  const browsers: Array<Awaited<ReturnType<typeof openBrowser>>> = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // sev2 resolves within its hour (met); the private sev1 stays open within 5 m / 15 m (not judged); sev3 has no target.
    s = await startConsoleServer({}, 'targets:\n  sev1: { acknowledge: 5m, resolve: 15m }\n  sev2: { resolve: 1h }\n');
    publicNumber = await s.declare('b-pub-1', 'Checkout latency above 2 s', 'sev2', 'checkout');
    await s.declare('b-pub-2', 'Search index <b>lagging</b>', 'sev3', 'search');
    s.makePrivate(true);
    privateNumber = await s.declare('b-priv-1', 'Card fraud investigation', 'sev1', 'payments');
    const channel = await waitUntil('the private channel', () => [...s.slack.state.channels.values()].find((c) => c.is_private), 15_000);
    s.slack.state.members.get(channel.id)!.add(ADA.id);
    // The public incident resolved, with a follow-up: its page shows both and the post-mortem draft.
    const { id } = (await findIncident(s.app.store, { number: publicNumber }))!;
    await addFollowup(s.app.store, id, { text: 'Set a 2 s timeout on payment calls', owner: ADA.id, due: '2026-12-31' }, { id: ADA.id, team: ADA.team, via: 'slack' });
    expect((await s.app.engine.runner.send(id, { type: 'incident.resolve', actor: ADA.id, summary: 'Rolled back deploy 4512' })).ok).toBe(true);
  });
  afterEach(async () => {
    for (const b of browsers.splice(0)) {
      expect(b.errors, 'console errors, CSP violations or page errors').toEqual([]);
      await b.close();
    }
  });
  afterAll(async () => {
    await s?.stop();
  });

  async function signedIn(user: typeof ADA) {
    const b = await openBrowser();
    browsers.push(b);
    s.openId.signInAs(user);
    await b.page.goto(`${s.url}/`);
    // → /auth/slack/login → the fake Slack authorize page → /auth/slack/callback → back to /.
    await b.page.waitForURL(`${s.url}/`);
    return b;
  }

  it('signs in through Slack and lands on the incident list, open first, styled, with nothing reported', async () => {
    const { page } = await signedIn(ADA);
    await expect(page.title()).resolves.toBe('Incidents · Firebreak');
    expect(await page.locator('header .who').innerText()).toContain('Signed in as Ada Lovelace');
    const rows = page.locator('#incidents tbody tr');
    await expect(rows.count()).resolves.toBe(2); // the open ones: the checkout incident is resolved
    expect(await rows.first().innerText()).toContain('Card fraud investigation');
    expect(await page.locator('#incidents').innerText()).toContain('Search index <b>lagging</b>');
    expect(await styled(page)).toBe('solid');
    expect(s.openId.authorizations.at(-1)?.client_id).toBe('1234.5678');
    await shot(page, 'incidents');
  });

  it('filters the list by severity, service and date from the form, each filter kept in the URL', async () => {
    const { page } = await signedIn(ADA);
    await page.selectOption('#f-severity', 'sev3');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/severity=sev3/);
    await expect(page.locator('#incidents tbody tr').count()).resolves.toBe(1);
    expect(await page.locator('#incidents').innerText()).toContain('Search index');
    await page.selectOption('#f-severity', '');
    await page.selectOption('#f-status', 'any');
    await page.selectOption('#f-service', 'checkout');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/service=checkout/);
    await expect(page.locator('#incidents tbody tr').count()).resolves.toBe(1);
    expect(await page.locator('#incidents').innerText()).toContain('Checkout latency above 2 s');
    await page.selectOption('#f-service', 'payments');
    await page.fill('#f-from', '2999-01-01');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/from=2999-01-01/);
    expect(await page.locator('#no-incidents').isVisible()).toBe(true);
    await shot(page, 'incidents-filtered');
  });

  it('opens an incident page with its sections', async () => {
    const { page } = await signedIn(ADA);
    await page.goto(`${s.url}/?status=done`);
    await page.getByRole('link', { name: 'Checkout latency above 2 s' }).click();
    await page.waitForURL(`${s.url}/incidents/${publicNumber}`);
    expect((await page.locator('h1').innerText()).trim()).toBe(`#${publicNumber} Checkout latency above 2 s`);
    for (const heading of ['Summary', 'Timeline', 'Alerts', 'Pages', 'Actions and approvals', 'Evidence', 'Follow-ups', 'Post-mortem']) {
      expect(await page.getByRole('heading', { level: 2, name: heading }).isVisible()).toBe(true);
    }
    expect(await page.locator('ol.timeline').first().innerText()).toContain(`Incident #${publicNumber} declared`);
    expect(await page.locator('#followups').innerText()).toContain('Set a 2 s timeout on payment calls');
    expect(await page.locator('article.postmortem h3').first().innerText()).toContain(`Post-mortem: #${publicNumber}`);
    await shot(page, 'incident');
  });

  it('draws the stats charts with data', async () => {
    const { page } = await signedIn(ADA);
    await page.getByRole('link', { name: 'Stats' }).click();
    await page.waitForURL(`${s.url}/stats`);
    await expect(page.locator('svg.chart').count()).resolves.toBe(5);
    const bars = page.locator('#chart-incidents rect');
    expect(await bars.count()).toBeGreaterThanOrEqual(3); // one per severity this week
    const box = await bars.first().boundingBox();
    expect(box!.height).toBeGreaterThan(1);
    // A locator's evaluate with a string answered undefined (which passed); the page's evaluates the expression.
    const fill = await page.evaluate<string>("getComputedStyle(document.querySelector('#chart-incidents rect')).fill");
    expect(fill).toMatch(/^rgb\(/);
    expect(fill).not.toBe('rgb(0, 0, 0)'); // coloured by the stylesheet's class, not the SVG default
    expect(await page.locator('main').innerText()).toContain('3 incidents in the last 90 days');
    await shot(page, 'stats');
  });

  it('shows the share of incidents meeting the response targets, as a table and a bar', async () => {
    const { page } = await signedIn(ADA);
    await page.goto(`${s.url}/stats`);
    const table = page.getByRole('table', { name: 'Incidents against the response targets, by severity' });
    expect(await table.isVisible()).toBe(true);
    const row = (name: string) => table.getByRole('row').filter({ hasText: name }).first().locator('td');
    // sev2: resolved in seconds against a 1 h target — met, 100%.
    expect(await row('Resolve within 1h').allInnerTexts()).toEqual(['Resolve within 1h', '1', '0', '0', '100%']);
    // sev1: open for seconds — neither acknowledged nor resolved yet, within 5 m and 15 m: not judged.
    expect(await row('Acknowledge within 5m').allInnerTexts()).toEqual(['Acknowledge within 5m', '0', '0', '1', '—']);
    expect(await table.innerText()).toMatch(/sev3\s+1 incident\s+No target set/);
    expect(await page.locator('#targets-summary').innerText()).toContain('1 of 1 judged incident with a target met every target (100%).');
    const bars = page.locator('#chart-targets rect');
    expect(await bars.count()).toBe(2); // sev1 not judged, sev2 met
    expect((await bars.first().boundingBox())!.width).toBeGreaterThan(10);
    const fill = await page.evaluate<string>("getComputedStyle(document.querySelector('#chart-targets rect.s-met')).fill");
    expect(fill).toBe('rgb(26, 127, 55)'); // --ok, from the stylesheet
    await page.locator('#targets-heading').scrollIntoViewIfNeeded();
    await shot(page, 'stats-targets');
  });

  it('hides a private incident from someone outside its channel, in the list and by its URL', async () => {
    const { page } = await signedIn(BOB);
    await page.goto(`${s.url}/?status=any`);
    expect(await page.locator('#incidents').innerText()).not.toContain('Card fraud investigation');
    await expect(page.locator('#incidents tbody tr').count()).resolves.toBe(2);
    const res = await page.goto(`${s.url}/incidents/${privateNumber}`);
    expect(res!.status()).toBe(404);
    expect(await page.locator('main').innerText()).not.toContain('Card fraud');
    await shot(page, 'private-hidden');
    // The 404 page logs "Failed to load resource" — the one console error we expect.
    const b = browsers.at(-1)!;
    b.errors.splice(0, b.errors.length, ...b.errors.filter((e) => !e.includes('status of 404')));
  });

  it('shows the private incident to a member of its channel', async () => {
    const { page } = await signedIn(ADA);
    const res = await page.goto(`${s.url}/incidents/${privateNumber}`);
    expect(res!.status()).toBe(200);
    expect(await page.locator('h1').innerText()).toContain('Card fraud investigation');
    expect(await page.locator('main').innerText()).toContain('(private)');
  });

  it('signs out', async () => {
    const { page } = await signedIn(ADA);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${s.url}/auth/slack/logout`);
    expect((await page.locator('h1').innerText()).trim()).toBe('Signed out');
    const cookies = await page.context().cookies(s.url);
    expect(cookies.find((c) => c.name === 'fb_session')).toBeUndefined();
    await shot(page, 'signed-out');
  });
});

describe('web console in Chromium, local mode', () => {
  it('shows the first alert on this machine with no sign-in', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const app = await startTestServer();
    const b = await openBrowser();
    try {
      const body = Buffer.from(JSON.stringify({ key: 'first', status: 'firing', title: 'My first incident', severity: 'sev2', service: 'demo' }));
      expect((await deliver(app.url, 'generic', body)).status).toBe(202);
      await b.page.goto(`${app.url}/`);
      expect(await b.page.locator('header .who').innerText()).toContain('Local mode');
      expect(await b.page.locator('#incidents').innerText()).toContain('My first incident');
      await b.page.getByRole('link', { name: 'My first incident' }).click();
      await b.page.waitForURL(/\/incidents\/1$/);
      expect(await b.page.locator('h1').innerText()).toContain('My first incident');
      await shot(b.page, 'local-incident');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
      await app.stop();
    }
  });
});
