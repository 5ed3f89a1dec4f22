// Domain: who an escalation level pages. Targets are written as strings in firebreak.yaml and
// parsed once here, so config validation, `firebreak check`, paging and drills agree on them.

export type PageTarget =
  /** A Slack user by id (U…/W…): a mention in the incident channel and a DM with an Acknowledge button. */
  | { kind: 'slack-user'; id: string }
  /** A Slack user by email, resolved with users.lookupByEmail when paged (then as slack-user). */
  | { kind: 'slack-email'; email: string }
  /** A Slack user group by id (S…): a group mention in the incident channel. */
  | { kind: 'slack-group'; id: string }
  /**
   * PagerDuty through the Events API v2: the default integration (PAGERDUTY_ROUTING_KEY), or a service
   * named under pagerduty.services, whose routing key is read from an environment variable. The key
   * itself is never written in config, a snapshot, the timeline or Slack: only the name.
   */
  | { kind: 'pagerduty'; service: string | null }
  /** A webhook named under escalation.webhooks: POSTed a signed JSON page. */
  | { kind: 'webhook'; name: string };

export type ParsedTarget = { ok: true; target: PageTarget } | { ok: false; message: string };

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_GROUP = /^S[A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PAGERDUTY = /^pagerduty(?::([A-Za-z0-9][A-Za-z0-9_.-]{0,63}))?$/;
/** What an Events API v2 routing key looks like: 32 or more letters and digits (a service name is at most 31). */
const ROUTING_KEY = /^(?=.*[0-9])[A-Za-z0-9]{32,}$/;
const WEBHOOK = /^webhook:([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

export const TARGET_SYNTAX =
  'a Slack user id (U…), a Slack user email, a Slack user group id (S…), pagerduty, pagerduty:<service> or webhook:<name>';

/**
 * An inline routing key, as `pagerduty:<routing key>` was written before services were named: refused
 * in config (with how to migrate), and only ever shown by its first characters.
 */
export function looksLikeRoutingKey(name: string): boolean {
  return ROUTING_KEY.test(name);
}

export function parseTarget(text: string): ParsedTarget {
  const t = text.trim();
  if (SLACK_USER.test(t)) return { ok: true, target: { kind: 'slack-user', id: t } };
  if (SLACK_GROUP.test(t)) return { ok: true, target: { kind: 'slack-group', id: t } };
  const pd = PAGERDUTY.exec(t);
  if (pd) return { ok: true, target: { kind: 'pagerduty', service: pd[1] ?? null } };
  const hook = WEBHOOK.exec(t);
  if (hook) return { ok: true, target: { kind: 'webhook', name: hook[1]! } };
  if (EMAIL.test(t)) return { ok: true, target: { kind: 'slack-email', email: t.toLowerCase() } };
  return { ok: false, message: `"${text}" is not a page target: expected ${TARGET_SYNTAX}` };
}

/** Parses what it can; the rest come back as `unknown` (a snapshot taken before validation tightened). */
export function parseTargets(texts: readonly string[]): { targets: PageTarget[]; unknown: string[] } {
  const targets: PageTarget[] = [];
  const unknown: string[] = [];
  for (const text of texts) {
    const parsed = parseTarget(text);
    if (parsed.ok) targets.push(parsed.target);
    else unknown.push(text);
  }
  return { targets, unknown };
}

/** The target as written in config: a stable name for timelines, drills and de-duplication. */
export function targetName(target: PageTarget): string {
  switch (target.kind) {
    case 'slack-user':
    case 'slack-group':
      return target.id;
    case 'slack-email':
      return target.email;
    case 'pagerduty':
      if (target.service === null) return 'pagerduty';
      return looksLikeRoutingKey(target.service) ? `pagerduty:${target.service.slice(0, 4)}…` : `pagerduty:${target.service}`;
    case 'webhook':
      return `webhook:${target.name}`;
  }
}
