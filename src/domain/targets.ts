// Domain: who an escalation level pages. Targets are written as strings in firebreak.yaml and
// parsed once here, so config validation, `firebreak check`, paging and drills agree on them.

export type PageTarget =
  /** A Slack user by id (U…/W…): a mention in the incident channel and a DM with an Acknowledge button. */
  | { kind: 'slack-user'; id: string }
  /** A Slack user by email, resolved with users.lookupByEmail when paged (then as slack-user). */
  | { kind: 'slack-email'; email: string }
  /** A Slack user group by id (S…): a group mention in the incident channel. */
  | { kind: 'slack-group'; id: string }
  /** PagerDuty through the Events API v2: the default integration, or a named routing key (a service or escalation policy's integration). */
  | { kind: 'pagerduty'; routingKey: string | null }
  /** A webhook named under escalation.webhooks: POSTed a signed JSON page. */
  | { kind: 'webhook'; name: string };

export type ParsedTarget = { ok: true; target: PageTarget } | { ok: false; message: string };

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_GROUP = /^S[A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PAGERDUTY = /^pagerduty(?::([A-Za-z0-9]{8,}))?$/;
const WEBHOOK = /^webhook:([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

export const TARGET_SYNTAX =
  'a Slack user id (U…), a Slack user email, a Slack user group id (S…), pagerduty, pagerduty:<routing key> or webhook:<name>';

export function parseTarget(text: string): ParsedTarget {
  const t = text.trim();
  if (SLACK_USER.test(t)) return { ok: true, target: { kind: 'slack-user', id: t } };
  if (SLACK_GROUP.test(t)) return { ok: true, target: { kind: 'slack-group', id: t } };
  const pd = PAGERDUTY.exec(t);
  if (pd) return { ok: true, target: { kind: 'pagerduty', routingKey: pd[1] ?? null } };
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
      return target.routingKey ? `pagerduty:${target.routingKey.slice(0, 4)}…` : 'pagerduty';
    case 'webhook':
      return `webhook:${target.name}`;
  }
}
