// Workflows: the effects the incident workflow asks for, by name and params. The machine's actions
// and the handlers registered for them (incidents/effects) are both typed by this one catalog, so a
// misspelt effect or a missing handler is a compile error rather than "no handler registered".
import type { Severity } from '../../domain/alert.js';
import type { IncidentNotice } from '../../domain/incident.js';

export type Announced = 'declared' | 'severity' | 'resolved' | 'exhausted';

/** A page of some targets: an escalation level's, or by hand (`level: null`). */
export interface PageParams {
  incidentId: string;
  /** 0-based escalation level, or null for a page by hand. */
  level: number | null;
  round: number;
  /** As written in the policy (or given by hand). */
  targets: string[];
  reason: string;
}

/** An effect is a no-op action to the machine: its params are data the runner queues in the outbox. */
const effect =
  <P>() =>
  (_: unknown, _params: P): void => {};

export const incidentEffectActions = {
  'slack.openChannel': effect<{ incidentId: string }>(),
  'slack.setTopic': effect<{ incidentId: string }>(),
  'slack.invite': effect<{ incidentId: string; users: string[] }>(),
  'slack.postSummary': effect<{ incidentId: string }>(),
  'slack.refreshSummary': effect<{ incidentId: string }>(),
  'slack.pin': effect<{ incidentId: string; ts: string }>(),
  'slack.announce': effect<{ incidentId: string; what: Announced; from: Severity }>(),
  /** Something the channel must be told (escalation exhausted, a page failed for good): worded by the chat adapter. */
  'slack.notice': effect<{ incidentId: string; notice: IncidentNotice }>(),
  'slack.archive': effect<{ incidentId: string }>(),
  'slack.remindStatus': effect<{ incidentId: string; waitedMs: number }>(),
  'slack.remindPostmortem': effect<{ incidentId: string; count: number }>(),
  'page.targets': effect<PageParams>(),
  /** Gather the evidence (Diagnostics) as the incident starts: the snapshot kept for the post-mortem. */
  'diagnostics.declared': effect<{ incidentId: string }>(),
  /** Tell PagerDuty what responders did here (skipped for events that came from PagerDuty). */
  'pagerduty.sync': effect<{ incidentId: string; action: 'acknowledge' | 'resolve'; via: string | null }>(),
};

/** Effect type → its params. */
export type IncidentEffects = { [K in keyof typeof incidentEffectActions]: Parameters<(typeof incidentEffectActions)[K]>[1] };
export type IncidentEffectType = keyof IncidentEffects;
export const INCIDENT_EFFECT_TYPES = Object.keys(incidentEffectActions) as IncidentEffectType[];
