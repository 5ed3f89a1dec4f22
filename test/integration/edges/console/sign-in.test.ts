// Edge (console): Sign in with Slack against a fake OpenID provider on loopback — state and nonce,
// signed http-only SameSite=Lax cookies, the workspace check — and private incidents shown only to
// their channel's members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, BOB, EVE, startConsoleServer, TEAM, type ConsoleServer } from '../../../support/console-server.js';
import type { FakeOpenIdUser } from '../../../support/fake-slack-openid.js';
import { waitUntil } from '../../../support/escalation-fixtures.js';
import { findIncident } from '../../../../src/store/incidents.js';
import { addFollowup, listFollowups } from '../../../../src/store/reports.js';
import { auditPage } from '../../../../src/store/audit.js';

const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const valueOf = (setCookie: string | undefined) => setCookie?.split(';')[0] ?? '';

describe('Sign in with Slack', () => {
  let s: ConsoleServer;
  let publicNumber: number;
  let privateNumber: number;
  const get = (path: string, cookie = '') => fetch(`${s.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  /** Login → fake Slack authorize → callback; the session cookie (or the callback's answer). */
  async function signIn(user: FakeOpenIdUser | null, back = '/'): Promise<{ session: string; callback: Response }> {
    s.openId.signInAs(user);
    const login = await get(`/auth/slack/login?back=${encodeURIComponent(back)}`);
    const flow = valueOf(cookieOf(login, 'fb_sign_in'));
    const authorize = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const back_ = new URL(authorize.headers.get('location')!);
    const callback = await get(back_.pathname + back_.search, flow);
    return { session: valueOf(cookieOf(callback, 'fb_session')), callback };
  }

  beforeAll(async () => {
    s = await startConsoleServer();
    publicNumber = await s.declare('pub-1', 'Public checkout outage', 'sev2', 'checkout');
    s.makePrivate(true);
    privateNumber = await s.declare('priv-1', 'Private fraud investigation', 'sev1', 'payments');
    // The private incident's channel is created by the outbox; then Ada joins it, Bob does not.
    const channel = await waitUntil('the private channel', () => [...s.slack.state.channels.values()].find((c) => c.is_private), 15_000);
    s.slack.state.members.get(channel.id)!.add(ADA.id);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('sends a visitor without a session to sign in, keeping where they were going', async () => {
    const res = await get('/stats?range=30d');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/auth/slack/login?back=%2Fstats%3Frange%3D30d');
  });

  it('starts at Slack with state, nonce, our client id, the callback URL and the workspace, remembered in a signed http-only cookie', async () => {
    const res = await get('/auth/slack/login?back=/stats');
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.pathname).toBe('/openid/connect/authorize');
    expect(to.searchParams.get('client_id')).toBe('1234.5678');
    expect(to.searchParams.get('scope')).toBe('openid profile');
    expect(to.searchParams.get('response_type')).toBe('code');
    expect(to.searchParams.get('redirect_uri')).toBe(`${s.url}/auth/slack/callback`);
    expect(to.searchParams.get('team')).toBe(TEAM);
    expect(to.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    const cookie = cookieOf(res, 'fb_sign_in')!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/auth/slack');
    expect(cookie).not.toContain('Secure'); // FIREBREAK_PUBLIC_URL is http here
  });

  it('signs a workspace member in and sends them back where they were going', async () => {
    const { session, callback } = await signIn(ADA, '/stats');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/stats');
    expect(cookieOf(callback, 'fb_session')).toMatch(/HttpOnly; SameSite=Lax$/);
    const page = await get('/', session);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in as Ada Lovelace');
    expect(s.openId.exchanges.at(-1)).toMatchObject({ client_id: '1234.5678', redirect_uri: `${s.url}/auth/slack/callback` });
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    s.openId.signInAs(ADA);
    const login = await get('/auth/slack/login');
    const flow = valueOf(cookieOf(login, 'fb_sign_in'));
    const authorize = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const back = new URL(authorize.headers.get('location')!);
    back.searchParams.set('state', 'forged-state-value-000000');
    const res = await get(back.pathname + back.search, flow);
    expect(res.status).toBe(400);
    expect(cookieOf(res, 'fb_session')).toBeUndefined();
    // And without the sign-in cookie at all (a callback link sent to someone else).
    const other = await get(new URL(authorize.headers.get('location')!).pathname + new URL(authorize.headers.get('location')!).search);
    expect(other.status).toBe(400);
  });

  it('refuses an account from another workspace, and a cancelled sign-in', async () => {
    const eve = await signIn(EVE);
    expect(eve.callback.status).toBe(403);
    expect(await eve.callback.text()).toContain('not in the workspace');
    expect(eve.session).toBe('');
    const cancelled = await signIn(null);
    expect(cancelled.callback.status).toBe(403);
  });

  it('treats an altered session cookie as no session', async () => {
    const { session } = await signIn(BOB);
    const [name, value] = session.split('=') as [string, string];
    const [body, mac] = value.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), user: ADA.id })).toString('base64url');
    const res = await get('/', `${name}=${forged}.${mac}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/auth\/slack\/login/);
  });

  it('shows a private incident to its channel members only, and answers others as if it did not exist', async () => {
    const ada = (await signIn(ADA)).session;
    const bob = (await signIn(BOB)).session;
    const adaList = await (await get('/?status=any', ada)).text();
    const bobList = await (await get('/?status=any', bob)).text();
    expect(adaList).toContain('Private fraud investigation');
    expect(adaList).toContain('Public checkout outage');
    expect(bobList).not.toContain('Private fraud investigation');
    expect(bobList).toContain('Public checkout outage');
    expect((await get(`/incidents/${privateNumber}`, ada)).status).toBe(200);
    const hidden = await get(`/incidents/${privateNumber}`, bob);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain('Private fraud investigation');
    expect((await get(`/incidents/${publicNumber}`, bob)).status).toBe(200);
  });

  it('lets a signed-in reader open the post-mortem Markdown of an incident they may see, and nobody else', async () => {
    const ada = (await signIn(ADA)).session;
    const bob = (await signIn(BOB)).session;
    const md = await get(`/incidents/${privateNumber}/postmortem.md`, ada);
    expect(md.status).toBe(200);
    expect(await md.text()).toContain(`# Post-mortem: #${privateNumber} Private fraud investigation`);
    expect((await get(`/incidents/${privateNumber}/postmortem.md`, bob)).status).toBe(401);
    expect((await get(`/incidents/${publicNumber}/postmortem.md`, bob)).status).toBe(200);
    expect((await get(`/incidents/${publicNumber}/postmortem.md`)).status).toBe(401);
  });

  it('marks a follow-up done from the console: own pages only, incidents the viewer may see, audited', async () => {
    const ada = (await signIn(ADA)).session;
    const bob = (await signIn(BOB)).session;
    const pub = (await findIncident(s.app.store, { number: publicNumber }))!.id;
    const priv = (await findIncident(s.app.store, { number: privateNumber }))!.id;
    const f = (await addFollowup(s.app.store, pub, { text: 'Add a retry budget', owner: null, due: null }, { id: ADA.id, team: TEAM, via: 'slack' }))!;
    const p = (await addFollowup(s.app.store, priv, { text: 'Rotate the card keys', owner: null, due: null }, { id: ADA.id, team: TEAM, via: 'slack' }))!;
    const post = (path: string, cookie: string, origin: string | null = s.url) =>
      fetch(`${s.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, ...(origin ? { origin } : {}) } });

    expect(await (await get(`/incidents/${publicNumber}`, ada)).text()).toContain(`action="/incidents/${publicNumber}/followups/${f.id}/done"`);
    expect((await post(`/incidents/${publicNumber}/followups/${f.id}/done`, ada, null)).status).toBe(403);
    expect((await post(`/incidents/${publicNumber}/followups/${f.id}/done`, ada, 'https://evil.example')).status).toBe(403);
    expect((await post(`/incidents/${privateNumber}/followups/${p.id}/done`, bob)).status).toBe(404);
    expect((await post(`/incidents/${publicNumber}/followups/${p.id}/done`, ada)).status).toBe(404); // not this incident's
    expect((await post(`/incidents/${publicNumber}/followups/${f.id}/done`, '')).status).toBe(403);
    expect((await listFollowups(s.app.store, pub)).find((x) => x.id === f.id)!.state).toBe('open');

    const res = await post(`/incidents/${publicNumber}/followups/${f.id}/done`, bob);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/incidents/${publicNumber}#h-followups`);
    expect((await listFollowups(s.app.store, pub)).find((x) => x.id === f.id)).toMatchObject({ state: 'done', doneBy: BOB.id });
    expect((await auditPage(s.app.store, { subject: pub })).some((a) => a.actor === BOB.id && a.via === 'console')).toBe(true);
  });

  it('signs out by clearing the session cookie', async () => {
    const res = await fetch(`${s.url}/auth/slack/logout`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(cookieOf(res, 'fb_session')).toMatch(/^fb_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/);
  });
});
