// Test support: Sign in with Slack on loopback — Slack's OpenID Connect provider (authorize page,
// openid.connect.token, published keys) in front of a FakeSlack. The authorize page signs in
// whoever `signInAs` names at once and sends the browser back with a code, as Slack does after the
// user clicks Allow; the token call answers an RS256 id_token signed with this fake's own key. Any
// other Web API call goes on to the FakeSlack (conversations.members is answered here from its
// channel members).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { FakeSlack } from './fake-slack.js';
import { readBody } from './http.js';

export interface FakeOpenIdUser {
  id: string;
  name: string;
  team: string;
}

export interface FakeSlackOpenId {
  /** Use as SLACK_API_URL (ends in /api/). */
  readonly url: string;
  /** Who the next authorize signs in (null: the user clicks Cancel → error=access_denied). */
  signInAs(user: FakeOpenIdUser | null): void;
  /** Authorize requests seen (their query parameters). */
  readonly authorizations: Array<Record<string, string>>;
  /** Token exchanges seen (their form parameters, the secret left out). */
  readonly exchanges: Array<Record<string, string>>;
  close(): Promise<void>;
}

export async function startFakeSlackOpenId(opts: { slack: FakeSlack; clientId: string; clientSecret: string }): Promise<FakeSlackOpenId> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-key-1', alg: 'RS256', use: 'sig' };
  let user: FakeOpenIdUser | null = null;
  const codes = new Map<string, { user: FakeOpenIdUser; nonce: string; redirectUri: string }>();
  const authorizations: Array<Record<string, string>> = [];
  const exchanges: Array<Record<string, string>> = [];
  let seq = 0;
  let origin = '';

  const json = (res: ServerResponse, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(text);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/openid/connect/authorize') {
      const q = Object.fromEntries(url.searchParams);
      authorizations.push(q);
      const back = new URL(q.redirect_uri ?? '');
      back.searchParams.set('state', q.state ?? '');
      if (user === null || q.client_id !== opts.clientId) back.searchParams.set('error', 'access_denied');
      else {
        const code = `code-${++seq}`;
        codes.set(code, { user, nonce: q.nonce ?? '', redirectUri: q.redirect_uri ?? '' });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (url.pathname === '/openid/connect/keys') return json(res, { keys: [jwk] });
    const body = await readBody(req);
    if (url.pathname === '/api/openid.connect.token') {
      const p = Object.fromEntries(Object.entries(parseQuery(body)).map(([k, v]) => [k, String(v)]));
      const { client_secret: secret, ...seen } = p;
      exchanges.push(seen);
      if (p.client_id !== opts.clientId || secret !== opts.clientSecret) return json(res, { ok: false, error: 'invalid_client_id' });
      const grant = codes.get(p.code ?? '');
      codes.delete(p.code ?? '');
      if (!grant || grant.redirectUri !== p.redirect_uri) return json(res, { ok: false, error: 'invalid_code' });
      const idToken = await new SignJWT({
        nonce: grant.nonce, name: grant.user.name,
        'https://slack.com/user_id': grant.user.id, 'https://slack.com/team_id': grant.user.team,
      })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
        .setIssuer(origin).setAudience(opts.clientId).setSubject(grant.user.id).setIssuedAt().setExpirationTime('5m')
        .sign(privateKey);
      return json(res, { ok: true, access_token: 'xoxp-fake', token_type: 'Bearer', id_token: idToken });
    }
    if (url.pathname === '/api/conversations.members') {
      const p = { ...Object.fromEntries(url.searchParams), ...(body ? Object.fromEntries(Object.entries(parseQuery(body)).map(([k, v]) => [k, String(v)])) : {}) };
      const members = opts.slack.state.members.get(p.channel ?? '');
      return json(res, members ? { ok: true, members: [...members], response_metadata: { next_cursor: '' } } : { ok: false, error: 'channel_not_found' });
    }
    // Everything else is the FakeSlack's.
    const forwarded = await fetch(new URL(url.pathname.replace(/^\/api\//, '') + url.search, opts.slack.url), {
      method: req.method ?? 'POST',
      headers: Object.fromEntries(['content-type', 'authorization'].flatMap((h) => (req.headers[h] ? [[h, String(req.headers[h])]] : []))),
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
    });
    const headers: Record<string, string> = { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' };
    const retryAfter = forwarded.headers.get('retry-after');
    if (retryAfter) headers['retry-after'] = retryAfter;
    res.writeHead(forwarded.status, headers);
    res.end(Buffer.from(await forwarded.arrayBuffer()));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/api/`,
    signInAs: (u) => {
      user = u;
    },
    authorizations,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
