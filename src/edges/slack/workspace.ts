// Edge: workspace pinning. With SLACK_TEAM_ID (and SLACK_ENTERPRISE_ID) set, a request signed by
// Slack but coming from any other workspace the app is installed in is refused and logged, before
// any listener runs — over HTTP and in Socket Mode alike (a Bolt global middleware).
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { slackActor, type Actor } from '../../domain/actor.js';
import type { Logger } from '../../observability/observer.js';

export interface Pinned {
  teamId?: string;
  enterpriseId?: string;
}

/** The workspace (and Grid org) a request came from, wherever its body shape keeps them. */
export function workspaceOf(body: unknown): { team: string | null; enterprise: string | null } {
  const b = (body ?? {}) as Record<string, unknown>;
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const team = str(b.team_id) ?? str(obj(b.team).id) ?? str(obj(b.view).team_id) ?? str(obj(b.user).team_id);
  const enterprise = str(b.enterprise_id) ?? str(obj(b.enterprise).id);
  return { team, enterprise };
}

/** The person behind an interaction (button, form), and the workspace they acted from. */
export function actorOf(body: { user: { id: string; team_id?: string } }): Actor {
  return slackActor(body.user.id, body.user.team_id ?? workspaceOf(body).team);
}

export const OTHER_WORKSPACE = 'This Firebreak serves another Slack workspace: nothing was done.';

export function pinWorkspace(pinned: Pinned, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { team, enterprise } = workspaceOf(args.body);
    const teamOk = pinned.teamId === undefined || team === pinned.teamId;
    const orgOk = pinned.enterpriseId === undefined || enterprise === pinned.enterpriseId;
    if (teamOk && orgOk) return args.next();
    log.warn({ team, enterprise, type: (args.body as { type?: string }).type ?? 'command' }, 'slack request from another workspace refused');
    // Commands, buttons and forms wait for an ack; a command's ack is the answer the user sees.
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if (ack) await ack('command' in args ? { response_type: 'ephemeral', text: OTHER_WORKSPACE } : undefined);
  };
}
