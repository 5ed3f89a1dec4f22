// Edge: what commands, buttons and modals do to incidents — find the incident, declare one, send an
// event through its workflow — and the one-line answer the responder sees (ephemeral).
import type { Severity } from '../domain/alert.js';
import { newIncidentId, statusRank, type IncidentStatus, type Role, type UpdateStatus } from '../domain/incident.js';
import { loadIncident, type LoadedIncident } from './view.js';
import { escapeMrkdwn } from '../integrations/slack/escape.js';
import { formatDuration } from '../integrations/slack/blocks/format.js';
import { declareIncident, findIncident } from '../store/incidents.js';
import { planIncident } from './plan.js';
import type { Transport } from '../store/transport.js';
import type { ChatSettings, EscalationSnapshot, ReminderSettings } from '../workflows/incident.machine.js';
import type { WorkflowRunner } from '../workflows/runner.js';

export interface IncidentOps {
  store: Transport;
  runner: WorkflowRunner;
  /** New incident events are delivered now, not at the next poll. */
  wake: () => void;
  chat: () => ChatSettings;
  /** The reminders a new incident snapshots (status-update nudges, post-mortem); absent: none. */
  reminders?: () => ReminderSettings;
  /** Escalation policies by name, for `/incident page <policy>` (its first level is paged). */
  policies?: () => Record<string, { levels: Array<{ targets: string[] }> }>;
  /**
   * The escalation policy a new incident snapshots: `policy` by name when one is given; otherwise
   * routing picks by service and severity, then the default (or none).
   */
  escalation?: (choice: { policy: string | null; service: string | null; severity: Severity }) => EscalationSnapshot | null;
}

export type Target = { ok: true; incident: LoadedIncident } | { ok: false; message: string };

/** `#42` or `42` names the incident; without one, the channel the command came from must be an incident's. */
export async function findTarget(ops: IncidentOps, where: { channel: string | null; number: number | null }): Promise<Target> {
  const found =
    where.number !== null
      ? await findIncident(ops.store, { number: where.number })
      : where.channel
        ? await findIncident(ops.store, { system: 'slack', externalId: where.channel })
        : null;
  if (!found) {
    return {
      ok: false,
      message: where.number !== null
        ? `There is no incident #${where.number}.`
        : 'This channel is not an incident channel: add the incident number, e.g. `/incident ack 42`.',
    };
  }
  const incident = await loadIncident(ops.store, ops.runner, found.id);
  if (!incident) return { ok: false, message: `Incident #${found.number} could not be loaded.` };
  return { ok: true, incident };
}

export interface DeclareRequest {
  title: string;
  severity: Severity;
  service: string | null;
  commander: string | null;
  summary: string | null;
  declaredBy: string;
}

export async function declareByHand(ops: IncidentOps, req: DeclareRequest): Promise<{ id: string; number: number }> {
  const created = await declareIncident(ops.store, planIncident(ops.runner, {
    id: newIncidentId(), title: req.title, severity: req.severity, service: req.service, policy: null, declaredBy: req.declaredBy,
    commander: req.commander ?? req.declaredBy, summary: req.summary, autoResolve: false, chat: ops.chat(),
    reminders: ops.reminders?.() ?? null,
    escalation: ops.escalation?.({ policy: null, service: req.service, severity: req.severity }) ?? null,
  }));
  ops.wake();
  return created;
}

const ref = (i: LoadedIncident) => `#${i.view.number ?? '?'}`;

export type Change =
  | { kind: 'acknowledge' }
  | { kind: 'status'; status: UpdateStatus; message: string | null }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'role'; role: Role; user: string }
  | { kind: 'note'; text: string }
  | { kind: 'resolve'; summary: string | null }
  | { kind: 'close' }
  | { kind: 'escalate'; reason: string | null }
  /** Slack users and groups by id, and policies by name (their first level is paged). */
  | { kind: 'page'; targets: string[]; policies: string[] }
  | { kind: 'snooze' }
  | { kind: 'postmortem'; decision: 'done' | 'dismissed' };

/**
 * Checks the change against where the incident is (so a stale button or a backward status gets a
 * reason, not an error), then sends it as one workflow event. Returns the responder's answer.
 */
export async function applyChange(ops: IncidentOps, incident: LoadedIncident, change: Change, actor: string): Promise<string> {
  const status: IncidentStatus = incident.view.status;
  if (change.kind === 'close') {
    if (status !== 'resolved' || incident.workflowStatus !== 'active') {
      return status === 'closed' || incident.workflowStatus !== 'active'
        ? `Incident ${ref(incident)} is already closed.`
        : `Incident ${ref(incident)} is ${status}: resolve it before closing it.`;
    }
    const outcome = await ops.runner.send(incident.view.id, { type: 'incident.close', actor });
    return outcome.ok ? `Closed incident ${ref(incident)}.` : `Could not close incident ${ref(incident)}: ${escapeMrkdwn(outcome.error.message)}`;
  }
  if (change.kind === 'postmortem') return settlePostmortem(ops, incident, change.decision, actor);
  const closed = status === 'resolved' || status === 'closed' || incident.workflowStatus !== 'active';
  if (closed && change.kind !== 'note') return `Incident ${ref(incident)} is already ${status}.`;
  let event: { type: string; [k: string]: unknown };
  let answer: string;
  switch (change.kind) {
    case 'acknowledge':
      if (status !== 'triggered') return `Incident ${ref(incident)} is already ${status}.`;
      event = { type: 'incident.acknowledge' };
      answer = `Acknowledged incident ${ref(incident)}.`;
      break;
    case 'status':
      if (statusRank(change.status) <= statusRank(status)) {
        return `Incident ${ref(incident)} is already ${status}: statuses only move forward (triggered → acknowledged → investigating → identified → monitoring → resolved).`;
      }
      event = { type: 'incident.status', status: change.status, ...(change.message && { message: change.message }) };
      answer = `Incident ${ref(incident)} is now ${change.status}.`;
      break;
    case 'severity':
      if (change.severity === incident.view.severity) return `Incident ${ref(incident)} is already ${change.severity}.`;
      event = { type: 'incident.severity', severity: change.severity };
      answer = `Incident ${ref(incident)} is now ${change.severity}.`;
      break;
    case 'role':
      event = { type: 'incident.role', role: change.role, user: change.user };
      answer = `<@${change.user}> is now ${change.role} of incident ${ref(incident)}.`;
      break;
    case 'note':
      event = { type: 'incident.note', text: change.text };
      answer = `Noted on incident ${ref(incident)}'s timeline.`;
      break;
    case 'resolve':
      event = { type: 'incident.resolve', ...(change.summary && { summary: change.summary }) };
      answer = `Resolved incident ${ref(incident)}.`;
      break;
    case 'escalate': {
      const next = nextEscalation(incident);
      if (!next.ok) return next.message;
      event = { type: 'incident.escalate', ...(change.reason && { reason: change.reason }) };
      answer = next.answer;
      break;
    }
    case 'page': {
      const targets = pageTargets(ops, change);
      if (!targets.ok) return targets.message;
      event = { type: 'incident.page', targets: targets.value };
      answer = `Paging ${targets.value.map(showTarget).join(', ')} for incident ${ref(incident)}.`;
      break;
    }
    case 'snooze': {
      const { reminders } = incident.context;
      if (!reminders || reminders.statusUpdateMs[incident.view.severity] == null) {
        return `Incident ${ref(incident)} has no status-update reminders at ${incident.view.severity.toUpperCase()}: nothing to snooze.`;
      }
      event = { type: 'reminder.snooze' };
      answer = `Snoozed status-update reminders on incident ${ref(incident)} for ${formatDuration(reminders.snoozeMs)}.`;
      break;
    }
  }
  const outcome = await ops.runner.send(incident.view.id, { ...event, actor });
  if (!outcome.ok) return `Could not update incident ${ref(incident)}: ${escapeMrkdwn(outcome.error.message)}`;
  return answer;
}

const showTarget = (t: string) => (/^[UW][A-Z0-9]+$/.test(t) ? `<@${t}>` : /^S[A-Z0-9]+$/.test(t) ? `<!subteam^${t}>` : `\`${escapeMrkdwn(t)}\``);

/** What `/incident escalate` will do, said before it is done; refused when nothing is escalating. */
function nextEscalation(incident: LoadedIncident): { ok: true; answer: string } | { ok: false; message: string } {
  const { view, context } = incident;
  const e = context.escalation;
  const policy = e?.policy;
  if (view.status !== 'triggered') return { ok: false, message: `Incident ${ref(incident)} is ${view.status} — nothing to escalate.` };
  if (!policy || policy.levels.length === 0) {
    return { ok: false, message: `Incident ${ref(incident)} has no escalation policy: page someone with \`/incident page @person\`.` };
  }
  const name = `\`${escapeMrkdwn(policy.name)}\``;
  if (e.exhausted) {
    return { ok: false, message: `Escalation of incident ${ref(incident)} is exhausted: every level of ${name} was paged. Page someone with \`/incident page @person\`.` };
  }
  if (e.level + 1 < policy.levels.length) return { ok: true, answer: `Escalated incident ${ref(incident)} to level ${e.level + 2} of ${name}.` };
  if (e.round < policy.repeat) return { ok: true, answer: `Escalated incident ${ref(incident)}: ${name} starts again at level 1 (repeat ${e.round + 1}).` };
  return { ok: true, answer: `Incident ${ref(incident)} was at the last level of ${name}: escalation is now exhausted.` };
}

/** People and groups as given, plus each named policy's first level; unknown policy names are refused. */
function pageTargets(ops: IncidentOps, change: { targets: string[]; policies: string[] }): { ok: true; value: string[] } | { ok: false; message: string } {
  const policies = ops.policies?.() ?? {};
  const known = Object.keys(policies);
  const out = [...change.targets];
  for (const name of change.policies) {
    const first = Object.hasOwn(policies, name) ? policies[name]?.levels[0] : undefined;
    if (!first) {
      const list = known.length === 0 ? 'none is configured' : `known: ${known.map((k) => `\`${escapeMrkdwn(k)}\``).join(', ')}`;
      return { ok: false, message: `There is no escalation policy named \`${escapeMrkdwn(name)}\` (${list}).` };
    }
    out.push(...first.targets);
  }
  const targets = [...new Set(out)];
  return targets.length === 0 ? { ok: false, message: 'Whom should I page? Mention people or name a policy.' } : { ok: true, value: targets };
}

async function settlePostmortem(ops: IncidentOps, incident: LoadedIncident, decision: 'done' | 'dismissed', actor: string): Promise<string> {
  const pm = incident.context.postmortem;
  if (incident.workflowStatus !== 'active' || pm?.state !== 'pending') {
    return pm && pm.state !== 'pending'
      ? `The post-mortem of incident ${ref(incident)} is already ${pm.state === 'done' ? 'marked done' : 'dismissed'}.`
      : `Incident ${ref(incident)} has no post-mortem reminder pending${incident.view.status === 'resolved' || incident.view.status === 'closed' ? '' : ' (it starts when the incident is resolved)'}.`;
  }
  const outcome = await ops.runner.send(incident.view.id, { type: 'incident.postmortem', decision, actor });
  if (!outcome.ok) return `Could not update incident ${ref(incident)}: ${escapeMrkdwn(outcome.error.message)}`;
  return decision === 'done'
    ? `Marked the post-mortem of incident ${ref(incident)} done: no more reminders.`
    : `Dismissed the post-mortem reminder of incident ${ref(incident)}.`;
}
