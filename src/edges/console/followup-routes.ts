// Edge (console): POST /incidents/<n>/followups/<id>/done — the "Mark done" button beside an open
// follow-up. A form post from the console's own pages only (Origin must be this site: a page
// elsewhere cannot make a signed-in browser, or one on this machine in local mode, post it); the
// viewer must see the incident and be allowed `followup` by access; the change goes through the
// reports feature (timeline + audit log), then back to the incident page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessSubject, Decision } from '../../access/index.js';
import type { Actor } from '../../domain/actor.js';
import type { Browse } from '../../incidents/browse.js';
import type { Logger } from '../../observability/observer.js';
import type { Route } from '../http/server.js';
import { redirect, sendProblem } from './respond.js';
import type { ConsoleReports } from './routes.js';
import { resolveViewer, type AccessMode, type Viewer } from './viewer.js';
import type { Visibility } from './visibility.js';

export const FOLLOWUP_DONE_PATH = /^\/incidents\/(\d{1,12})\/followups\/(\d{1,12})\/done$/;

export interface FollowupRouteDeps {
  browse: Browse;
  reports: ConsoleReports;
  visibility: Visibility;
  mode: AccessMode;
  trustedProxies: () => readonly string[];
  /** `Access.may`: signed-in people need `followup` (local mode is this machine's own user). */
  may: (actor: Actor, action: string, incident: AccessSubject) => Promise<Decision>;
  publicUrl: string | null;
  log: Logger;
}

/** The post came from a page of this site: its Origin is this host (or FIREBREAK_PUBLIC_URL). */
export function sameOrigin(req: Pick<IncomingMessage, 'headers'>, publicUrl: string | null): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  const host = req.headers.host;
  const allowed = [publicUrl ? new URL(publicUrl).origin : null, host ? `http://${host}` : null, host ? `https://${host}` : null];
  return allowed.includes(origin);
}

const actorOf = (viewer: Viewer): Actor =>
  viewer.kind === 'user' ? { id: viewer.user, team: viewer.team, via: 'console' } : { id: 'console:local', team: null, via: 'console' };

export function followupRoutes(deps: FollowupRouteDeps): Route[] {
  const done = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const m = FOLLOWUP_DONE_PATH.exec(path)!;
    const [number, id] = [Number(m[1]), Number(m[2])];
    const who = resolveViewer(req, deps.mode, deps.trustedProxies);
    if (!who.ok) return sendProblem(res, 403, 'Not allowed', 'Sign in to change follow-ups.');
    const viewer = who.viewer;
    if (!sameOrigin(req, deps.publicUrl)) return sendProblem(res, 403, 'Not allowed', 'Follow-ups change only from the console’s own pages.', viewer);
    try {
      const privacy = await deps.browse.privacyOf(number);
      if (!privacy || !(await deps.visibility.canSee(viewer, privacy))) return sendProblem(res, 404, 'No such incident', 'There is no incident with that number, or it is private to a channel you are not in.', viewer);
      const followups = await deps.reports.followups(privacy.id);
      if (!followups.some((f) => f.id === id)) return sendProblem(res, 404, 'No such follow-up', `Incident #${number} has no follow-up #${id}.`, viewer);
      const actor = actorOf(viewer);
      if (viewer.kind === 'user') {
        const decision = await deps.may(actor, 'followup', { id: privacy.id, number, private: privacy.private, channel: privacy.channel, commander: null, people: [] });
        if (!decision.ok) return sendProblem(res, 403, 'Not allowed', 'Your role may not change follow-ups on this incident.', viewer);
      }
      const outcome = await deps.reports.followups.markDone(id, actor);
      if (!outcome.ok && outcome.reason === 'unavailable') return sendProblem(res, 503, 'Temporarily unavailable', 'The follow-up could not be changed just now. Try again in a moment.', viewer);
      redirect(res, `/incidents/${number}#h-followups`);
    } catch (err) {
      deps.log.error({ err, path }, 'console follow-up change failed');
      if (!res.headersSent) sendProblem(res, 503, 'Temporarily unavailable', 'The follow-up could not be changed just now. Try again in a moment.', viewer);
    }
  };
  return [{ method: 'POST', path: '/incidents/', pattern: FOLLOWUP_DONE_PATH, handler: done }];
}
