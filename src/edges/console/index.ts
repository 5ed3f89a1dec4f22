// Edge (console): the web console, its sign-in and the JSON API, as routes for the one HTTP server.
// main.ts calls `consoleRoutes` once; how the console is reached is decided here from the environment.
import type { Env } from '../../config/env.js';
import type { Secret } from '../../config/secret.js';
import type { Route } from '../http/server.js';
import { apiRoutes } from './api.js';
import { authRoutes, type AuthDeps } from './auth-routes.js';
import { followupRoutes, type FollowupRouteDeps } from './followup-routes.js';
import { consolePageRoutes, type ConsoleDeps, type StatsSource } from './routes.js';
import { cachedStats } from './stats-cache.js';
import { CookieSigner } from './session.js';
import { resolveViewer, type AccessMode } from './viewer.js';
import type { IncomingMessage } from 'node:http';

export { createVisibility, type CanSee } from './visibility.js';
export type { ConsoleDeps, StatsSource } from './routes.js';

/**
 * Sign in with Slack when every variable it needs is set; otherwise local mode (loopback only) when
 * there is no Slack bot token; otherwise closed, naming what is missing.
 */
export function accessMode(env: Env): AccessMode {
  const c = env.console;
  const need: Array<[string, unknown]> = [
    ['SLACK_CLIENT_ID', c.clientId], ['SLACK_CLIENT_SECRET', c.clientSecret], ['FIREBREAK_PUBLIC_URL', c.publicUrl],
    ['FIREBREAK_SESSION_SECRET', c.sessionSecret], ['SLACK_TEAM_ID', env.slack.teamId],
  ];
  const missing = need.filter(([, v]) => !v).map(([k]) => k);
  if (missing.length === 0) return { kind: 'slack', signer: new CookieSigner(c.sessionSecret!.reveal(), c.publicUrl!.startsWith('https:')) };
  if (!env.slack.botToken) return { kind: 'local' };
  return { kind: 'closed', missing };
}

/**
 * For routes outside the console that signed-in people may read (GET /incidents/<n>/postmortem.md):
 * the request's session names someone who may see this incident. False without sign-in.
 */
export function sessionMaySee(deps: Pick<ConsoleDeps, 'browse' | 'visibility' | 'mode'>): (req: IncomingMessage, incidentId: string) => Promise<boolean> {
  return async (req, incidentId) => {
    if (deps.mode.kind !== 'slack') return false;
    const r = resolveViewer(req, deps.mode, () => []);
    if (!r.ok) return false;
    const privacy = await deps.browse.privacyOfId(incidentId);
    return privacy !== null && (await deps.visibility.canSee(r.viewer, privacy));
  };
}

export function consoleRoutes(
  deps: Omit<ConsoleDeps, 'stats'> & Omit<AuthDeps, 'mode' | 'log' | 'now'> & Pick<FollowupRouteDeps, 'may'> & { apiToken: Secret | undefined; stats: StatsSource },
): Route[] {
  const stats = cachedStats(deps.stats);
  return [
    // Before the pages' bare /incidents/ prefix: a route with a pattern is tried first.
    ...followupRoutes(deps),
    ...consolePageRoutes({ ...deps, stats }),
    ...authRoutes(deps),
    ...apiRoutes({ ...deps, stats, token: deps.apiToken }),
  ];
}
