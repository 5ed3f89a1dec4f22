// Edge (console): who is asking. With sign-in configured, the signed session cookie says (set by
// Sign in with Slack). In local mode (no Slack bot token) the console is open to loopback only —
// the peer address, or past `sources.trusted_proxies` the client X-Forwarded-For names; a loopback
// peer forwarding for others without being a trusted proxy is refused — so a newcomer's browser on
// the same machine sees everything and nobody else sees anything.
import type { IncomingMessage } from 'node:http';
import { isLocalClient, ranges } from '../webhooks/client-address.js';
import { CookieSigner, readCookie, SESSION_COOKIE, type Session } from './session.js';

export type Viewer = { kind: 'local' } | { kind: 'user'; user: string; team: string; name: string };

/** How the console is reached, decided once from the environment at start. */
export type AccessMode =
  | { kind: 'slack'; signer: CookieSigner }
  | { kind: 'local' }
  /** Slack is on but sign-in is not configured: closed; `missing` names the variables to set. */
  | { kind: 'closed'; missing: string[] };

export type ViewerResult = { ok: true; viewer: Viewer } | { ok: false; reason: 'sign-in' | 'not-loopback' | 'closed' };

export function resolveViewer(req: Pick<IncomingMessage, 'headers' | 'socket'>, mode: AccessMode, trustedProxies: () => readonly string[]): ViewerResult {
  if (mode.kind === 'closed') return { ok: false, reason: 'closed' };
  if (mode.kind === 'local') return isLoopback(req, trustedProxies()) ? { ok: true, viewer: { kind: 'local' } } : { ok: false, reason: 'not-loopback' };
  const session = mode.signer.verify<Session>(readCookie(req, SESSION_COOKIE));
  return session ? { ok: true, viewer: { kind: 'user', user: session.user, team: session.team, name: session.name } } : { ok: false, reason: 'sign-in' };
}

export function isLoopback(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedProxies: readonly string[]): boolean {
  return isLocalClient(req, ranges(trustedProxies));
}
