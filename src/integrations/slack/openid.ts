// Slack: Sign in with Slack (OpenID Connect) for the web console. The browser goes to Slack's
// authorize page; the code it brings back is exchanged at openid.connect.token (SLACK_API_URL), and
// the id_token is verified with Slack's published keys (jose): signature, issuer, audience (our
// client id), expiry, the nonce this sign-in started with, and the workspace (SLACK_TEAM_ID).
// Every URL is derived from SLACK_API_URL, so a loopback fake provider stands in for Slack in tests.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { createSlackClient } from './client.js';

export interface SlackOpenIdOptions {
  /** SLACK_API_URL, e.g. https://slack.com/api/ — the authorize page and keys live on its origin. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Only members of this workspace (and Grid org, when set) may sign in. */
  teamId: string;
  enterpriseId?: string;
  timeoutMs?: number;
}

export interface SlackIdentity {
  user: string;
  team: string;
  name: string;
}

export type SignInError = { kind: 'exchange-failed' | 'bad-token' | 'wrong-workspace'; message: string };

export interface SlackOpenId {
  authorizeUrl(opts: { state: string; nonce: string; redirectUri: string }): string;
  signIn(opts: { code: string; redirectUri: string; nonce: string }): Promise<{ ok: true; value: SlackIdentity } | { ok: false; error: SignInError }>;
}

const TEAM_CLAIM = 'https://slack.com/team_id';
const ENTERPRISE_CLAIM = 'https://slack.com/enterprise_id';
const USER_CLAIM = 'https://slack.com/user_id';

export function createSlackOpenId(opts: SlackOpenIdOptions): SlackOpenId {
  const origin = new URL(opts.apiUrl).origin;
  const keys = createRemoteJWKSet(new URL('/openid/connect/keys', origin), { timeoutDuration: opts.timeoutMs ?? 10_000 });
  // No bot token: the client credentials in the call are what authenticates it.
  const client = createSlackClient({ token: '', apiUrl: opts.apiUrl, ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }) });

  return {
    authorizeUrl({ state, nonce, redirectUri }) {
      const url = new URL('/openid/connect/authorize', origin);
      url.search = new URLSearchParams({
        response_type: 'code', scope: 'openid profile', client_id: opts.clientId, state, nonce, redirect_uri: redirectUri, team: opts.teamId,
      }).toString();
      return url.toString();
    },

    async signIn({ code, redirectUri, nonce }) {
      let idToken: string | undefined;
      try {
        const res = await client.openid.connect.token({ client_id: opts.clientId, client_secret: opts.clientSecret, code, redirect_uri: redirectUri, grant_type: 'authorization_code' });
        idToken = res.id_token;
      } catch (err) {
        const code = (err as { data?: { error?: unknown } }).data?.error;
        return { ok: false, error: { kind: 'exchange-failed', message: `slack openid.connect.token: ${typeof code === 'string' ? code : 'request failed'}` } };
      }
      if (!idToken) return { ok: false, error: { kind: 'exchange-failed', message: 'slack openid.connect.token: no id_token in the answer' } };
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(idToken, keys, { issuer: origin, audience: opts.clientId, algorithms: ['RS256'], maxTokenAge: '10m' }));
      } catch (err) {
        return { ok: false, error: { kind: 'bad-token', message: `id_token rejected: ${(err as Error).message}` } };
      }
      if (claims.nonce !== nonce) return { ok: false, error: { kind: 'bad-token', message: 'id_token nonce does not match this sign-in' } };
      if (claims[TEAM_CLAIM] !== opts.teamId) return { ok: false, error: { kind: 'wrong-workspace', message: `signed in to workspace ${String(claims[TEAM_CLAIM])}, not SLACK_TEAM_ID` } };
      if (opts.enterpriseId && claims[ENTERPRISE_CLAIM] !== opts.enterpriseId) return { ok: false, error: { kind: 'wrong-workspace', message: 'signed in outside SLACK_ENTERPRISE_ID' } };
      const user = typeof claims[USER_CLAIM] === 'string' ? (claims[USER_CLAIM] as string) : claims.sub;
      if (!user) return { ok: false, error: { kind: 'bad-token', message: 'id_token names no user' } };
      const name = typeof claims.name === 'string' && claims.name ? claims.name : user;
      return { ok: true, value: { user, team: opts.teamId, name } };
    },
  };
}
