// Incidents: what a responder can change about an incident, checked against where it stands before
// it becomes one workflow event — so a stale button or a backward status gets a reason, not an
// error. The checks are the machine's own rules (workflows/incident/rules.ts); the outcome is data
// that each surface words (Slack answers, the console, the JSON API, the drill's transcript).
import type { Severity } from '../domain/alert.js';
import type { IncidentStatus, Role, UpdateStatus } from '../domain/incident.js';
import { incidentRules as rules } from '../workflows/incident/index.js';
import type { IncidentEvent } from '../workflows/incident/index.js';
import type { IncidentSettings } from './settings.js';
import type { LoadedIncident } from './view.js';

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

/** What will happen, for the answer. */
export type Accepted =
  | { kind: 'acknowledged' }
  | { kind: 'status'; status: UpdateStatus }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'role'; role: Role; user: string }
  | { kind: 'noted' }
  | { kind: 'resolved' }
  | { kind: 'closed' }
  | { kind: 'escalated'; policy: string; to: { level: number } | { restart: number } | 'exhausted' }
  | { kind: 'paging'; targets: string[] }
  | { kind: 'snoozed'; forMs: number }
  | { kind: 'postmortem'; decision: 'done' | 'dismissed' };

/** Why nothing happened. */
export type Refusal =
  | { kind: 'not-open'; status: IncidentStatus }
  | { kind: 'already'; status: IncidentStatus }
  | { kind: 'backward'; status: IncidentStatus }
  | { kind: 'same-severity'; severity: Severity }
  | { kind: 'close-unresolved'; status: IncidentStatus }
  | { kind: 'already-closed' }
  | { kind: 'not-escalating'; status: IncidentStatus }
  | { kind: 'no-policy' }
  | { kind: 'exhausted'; policy: string }
  | { kind: 'unknown-policy'; name: string; known: string[] }
  | { kind: 'nobody-to-page' }
  | { kind: 'no-reminders'; severity: Severity }
  | { kind: 'postmortem-settled'; state: 'done' | 'dismissed' }
  | { kind: 'no-postmortem'; resolved: boolean }
  /** Ours, and maybe passing (the store is down): the details go to the log, never to the user. */
  | { kind: 'unavailable' };

export interface IncidentRef {
  id: string;
  number: number | null;
}

export type ChangeOutcome = { ok: true; incident: IncidentRef; accepted: Accepted } | { ok: false; incident: IncidentRef; refusal: Refusal };

type Planned = { ok: true; event: IncidentEvent; accepted: Accepted } | { ok: false; refusal: Refusal };

type Policies = IncidentSettings['policies'];

/** Pure: the event this change becomes on this incident, or why it is refused. */
export function planChange(incident: LoadedIncident, change: Change, policies: Policies): Planned {
  const { view, context } = incident;
  const status = view.status;
  const active = incident.workflowStatus === 'active';
  const refuse = (refusal: Refusal): Planned => ({ ok: false, refusal });
  const accept = (event: IncidentEvent, accepted: Accepted): Planned => ({ ok: true, event, accepted });

  if (change.kind === 'close') {
    if (status === 'closed' || !active) return refuse({ kind: 'already-closed' });
    if (status !== 'resolved') return refuse({ kind: 'close-unresolved', status });
    return accept({ type: 'incident.close' }, { kind: 'closed' });
  }
  if (change.kind === 'postmortem') {
    const pm = context.postmortem;
    if (!active || pm?.state !== 'pending') {
      return refuse(pm && pm.state !== 'pending' ? { kind: 'postmortem-settled', state: pm.state } : { kind: 'no-postmortem', resolved: !rules.isOpen(status) });
    }
    return accept({ type: 'incident.postmortem', decision: change.decision }, { kind: 'postmortem', decision: change.decision });
  }
  // A note is welcome on the record even after resolve; everything else needs an open incident.
  if (change.kind !== 'note' && (!rules.isOpen(status) || !active)) return refuse({ kind: 'not-open', status });

  switch (change.kind) {
    case 'acknowledge':
      if (!rules.canAcknowledge(view)) return refuse({ kind: 'already', status });
      return accept({ type: 'incident.acknowledge' }, { kind: 'acknowledged' });
    case 'status':
      if (!rules.isForward(status, change.status)) return refuse({ kind: 'backward', status });
      return accept({ type: 'incident.status', status: change.status, ...(change.message && { message: change.message }) }, { kind: 'status', status: change.status });
    case 'severity':
      if (!rules.isSeverityChange(view, change.severity)) return refuse({ kind: 'same-severity', severity: change.severity });
      return accept({ type: 'incident.severity', severity: change.severity }, { kind: 'severity', severity: change.severity });
    case 'role':
      return accept({ type: 'incident.role', role: change.role, user: change.user }, { kind: 'role', role: change.role, user: change.user });
    case 'note':
      return accept({ type: 'incident.note', text: change.text }, { kind: 'noted' });
    case 'resolve':
      return accept({ type: 'incident.resolve', ...(change.summary && { summary: change.summary }) }, { kind: 'resolved' });
    case 'escalate': {
      const next = nextEscalation(incident);
      if (!next.ok) return next;
      return accept({ type: 'incident.escalate', ...(change.reason && { reason: change.reason }) }, next.accepted);
    }
    case 'page': {
      const targets = pageTargets(policies, change);
      if (!targets.ok) return targets;
      return accept({ type: 'incident.page', targets: targets.value }, { kind: 'paging', targets: targets.value });
    }
    case 'snooze': {
      const reminders = context.reminders;
      if (!reminders || reminders.statusUpdateMs[view.severity] == null) return refuse({ kind: 'no-reminders', severity: view.severity });
      return accept({ type: 'reminder.snooze' }, { kind: 'snoozed', forMs: reminders.snoozeMs });
    }
  }
}

/** What `/incident escalate` will do, known before it is done; refused when nothing is escalating. */
function nextEscalation(incident: LoadedIncident): { ok: true; accepted: Accepted } | { ok: false; refusal: Refusal } {
  const { view, context } = incident;
  const e = context.escalation;
  const policy = e?.policy;
  if (view.status !== 'triggered') return { ok: false, refusal: { kind: 'not-escalating', status: view.status } };
  if (!policy || !rules.hasPolicy(context)) return { ok: false, refusal: { kind: 'no-policy' } };
  if (e.exhausted) return { ok: false, refusal: { kind: 'exhausted', policy: policy.name } };
  const to = rules.hasNextLevel(context) ? { level: e.level + 2 } : rules.canRepeat(context) ? { restart: e.round + 1 } : ('exhausted' as const);
  return { ok: true, accepted: { kind: 'escalated', policy: policy.name, to } };
}

/** People and groups as given, plus each named policy's first level; unknown policy names are refused. */
function pageTargets(policies: Policies, change: { targets: string[]; policies: string[] }): { ok: true; value: string[] } | { ok: false; refusal: Refusal } {
  const out = [...change.targets];
  for (const name of change.policies) {
    const first = Object.hasOwn(policies, name) ? policies[name]?.levels[0] : undefined;
    if (!first) return { ok: false, refusal: { kind: 'unknown-policy', name, known: Object.keys(policies) } };
    out.push(...first.targets);
  }
  const targets = [...new Set(out)];
  return targets.length === 0 ? { ok: false, refusal: { kind: 'nobody-to-page' } } : { ok: true, value: targets };
}
