// Edge (console): Sign in with Slack — /auth/slack/login sends the browser to Slack with a fresh
// state and nonce (kept in a signed, http-only cookie for ten minutes), /auth/slack/callback checks
// the state, has the code exchanged and the id_token verified (integrations/slack/openid.ts), and
// sets the session cookie; POST /auth/slack/logout clears it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackOpenId } from '../../integrations/slack/openid.js';
import type { Logger } from '../../observability/observer.js';
import type { Route } from '../http/server.js';
import { html } from './html.js';
import { page } from './layout.js';
import { redirect, sendHtml, sendProblem } from './respond.js';
import { readCookie, SESSION_COOKIE, SESSION_TTL_MS, SIGN_IN_COOKIE, SIGN_IN_TTL_MS, type Session, type SignIn } from './session.js';
import type { AccessMode } from './viewer.js';

export interface AuthDeps {
  mode: AccessMode;
  openId: SlackOpenId | null;
  /** FIREBREAK_PUBLIC_URL: where Slack sends the browser back. */
  publicUrl: string | null;
  log: Logger;
  /** A sign-in happened (or was refused): for the audit log. */
  signedIn?: (who: { user: string; team: string } | null, outcome: string) => void;
  now?: () => number;
}

const SIGN_IN_PATH = '/auth/slack';

/** Only a path on this site: never `//host` or `/\host` (which browsers treat as another host). */
export function safeBack(back: string | null): string {
  return back && back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') ? back : '/';
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authRoutes(deps: AuthDeps): Route[] {
  const now = deps.now ?? Date.now;
  const redirectUri = deps.publicUrl ? `${deps.publicUrl.replace(/\/+$/, '')}${SIGN_IN_PATH}/callback` : '';
  const ready = () => (deps.mode.kind === 'slack' && deps.openId ? { signer: deps.mode.signer, openId: deps.openId } : null);

  const login = (req: IncomingMessage, res: ServerResponse) => {
    const r = ready();
    if (!r) return sendProblem(res, 404, 'Sign-in not configured', 'Sign in with Slack needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, FIREBREAK_PUBLIC_URL, FIREBREAK_SESSION_SECRET and SLACK_TEAM_ID.');
    const url = new URL(req.url ?? '/', 'http://console.local');
    const flow: SignIn = {
      state: randomBytes(18).toString('base64url'),
      nonce: randomBytes(18).toString('base64url'),
      back: safeBack(url.searchParams.get('back')),
      exp: now() + SIGN_IN_TTL_MS,
    };
    redirect(res, r.openId.authorizeUrl({ state: flow.state, nonce: flow.nonce, redirectUri }), {
      'set-cookie': r.signer.cookie(SIGN_IN_COOKIE, r.signer.sign(flow), { maxAgeMs: SIGN_IN_TTL_MS, path: SIGN_IN_PATH }),
    });
  };

  const callback = async (req: IncomingMessage, res: ServerResponse) => {
    const r = ready();
    if (!r) return sendProblem(res, 404, 'Sign-in not configured', 'Sign in with Slack is not configured on this server.');
    const url = new URL(req.url ?? '/', 'http://console.local');
    const clear = r.signer.clear(SIGN_IN_COOKIE, SIGN_IN_PATH);
    const flow = r.signer.verify<SignIn>(readCookie(req, SIGN_IN_COOKIE), now());
    const state = url.searchParams.get('state') ?? '';
    const again = html`<a href="/auth/slack/login">Sign in again</a>.`;
    if (!flow || !state || !sameText(state, flow.state)) {
      return sendHtml(res, 400, page({ title: 'Sign-in expired', viewer: null, section: null, body: html`<h1>Sign-in expired</h1><p class="notice">This sign-in was not started here or took longer than ten minutes. ${again}</p>` }), { 'set-cookie': clear });
    }
    const code = url.searchParams.get('code');
    if (!code) {
      deps.signedIn?.(null, `refused:${url.searchParams.get('error') ?? 'no-code'}`);
      return sendHtml(res, 403, page({ title: 'Not signed in', viewer: null, section: null, body: html`<h1>Not signed in</h1><p class="notice">Slack did not sign you in. ${again}</p>` }), { 'set-cookie': clear });
    }
    const result = await r.openId.signIn({ code, redirectUri, nonce: flow.nonce });
    if (!result.ok) {
      deps.log.warn({ kind: result.error.kind, reason: result.error.message }, 'console sign-in refused');
      deps.signedIn?.(null, `refused:${result.error.kind}`);
      const why = result.error.kind === 'wrong-workspace' ? 'Your Slack account is not in the workspace this Firebreak serves.' : 'Slack could not confirm who you are just now.';
      return sendHtml(res, result.error.kind === 'exchange-failed' ? 502 : 403, page({ title: 'Not signed in', viewer: null, section: null, body: html`<h1>Not signed in</h1><p class="notice">${why} ${again}</p>` }), { 'set-cookie': clear });
    }
    const session: Session = { ...result.value, exp: now() + SESSION_TTL_MS };
    deps.signedIn?.({ user: session.user, team: session.team }, 'ok');
    redirect(res, flow.back, { 'set-cookie': [clear, r.signer.cookie(SESSION_COOKIE, r.signer.sign(session), { maxAgeMs: SESSION_TTL_MS })] });
  };

  const logout = (_req: IncomingMessage, res: ServerResponse) => {
    const headers: Record<string, string> = deps.mode.kind === 'slack' ? { 'set-cookie': deps.mode.signer.clear(SESSION_COOKIE) } : {};
    sendHtml(res, 200, page({ title: 'Signed out', viewer: null, section: null, body: html`<h1>Signed out</h1><p><a href="/auth/slack/login">Sign in with Slack</a></p>` }), headers);
  };

  return [
    { method: 'GET', path: `${SIGN_IN_PATH}/login`, handler: login },
    { method: 'GET', path: `${SIGN_IN_PATH}/callback`, handler: callback },
    { method: 'POST', path: `${SIGN_IN_PATH}/logout`, handler: logout },
  ];
}
