// Domain: who did something, and from where — every state change a person (or a system) causes is
// attributed to one of these (workflow events carry `id`; the audit log keeps the whole Actor).

export type ActorVia = 'slack' | 'console' | 'api' | 'drill' | 'pagerduty' | 'alert' | 'firebreak' | 'github' | 'jira';

export interface Actor {
  /** A Slack user id (U…/W…), `pagerduty:<name>`, `alert:<source>`, a tracker (`github:<owner/repo>`, `jira:<project>`), or `firebreak` for the system itself. */
  id: string;
  /** The Slack workspace (T…) the request came from, when it came from Slack. */
  team: string | null;
  via: ActorVia;
}

export const SYSTEM_ACTOR: Actor = { id: 'firebreak', team: null, via: 'firebreak' };

/** A Slack user acting from workspace `team`. */
export function slackActor(user: string, team: string | null): Actor {
  return { id: user, team, via: 'slack' };
}
