// Workflows: the events an incident workflow hears — from responders (Slack, the console), alerts,
// PagerDuty, its own effects and its timers. Every event carries who and when.
import type { Severity } from '../../domain/alert.js';
import type { OnCallLine, Role, UpdateStatus } from '../../domain/incident.js';
import type { IncidentContext } from './context.js';

/** Who (a Slack user id, `pagerduty:<name>`, `alert:<source>`) and when (ISO 8601). */
export type Meta = { actor?: string; at?: string };

export type IncidentEvent =
  | ({ type: 'incident.declared'; number: number } & Meta)
  | ({ type: 'alerts.changed' } & Meta)
  | ({ type: 'alerts.cleared' } & Meta)
  | ({ type: 'incident.acknowledge'; via?: string } & Meta)
  | ({ type: 'incident.status'; status: UpdateStatus; message?: string } & Meta)
  | ({ type: 'incident.severity'; severity: Severity } & Meta)
  | ({ type: 'incident.role'; role: Role; user: string } & Meta)
  | ({ type: 'incident.note'; text: string } & Meta)
  | ({ type: 'incident.resolve'; summary?: string; via?: string } & Meta)
  | ({ type: 'incident.reopen'; reason?: string; via?: string } & Meta)
  | ({ type: 'incident.close' } & Meta)
  | ({ type: 'slack.channelOpened'; channelId: string; name: string } & Meta)
  | ({ type: 'slack.summaryPosted'; ts: string } & Meta)
  | ({ type: 'incident.escalate'; reason?: string } & Meta)
  | ({ type: 'incident.page'; targets: string[] } & Meta)
  | ({ type: 'escalation.severityRaised' } & Meta)
  /** Timer: no status update for the severity's wait. */
  | ({ type: 'reminder.statusDue' } & Meta)
  /** "Snooze" on a nudge. */
  | ({ type: 'reminder.snooze' } & Meta)
  /** Timer: the post-mortem reminder falls due. */
  | ({ type: 'reminder.postmortemDue' } & Meta)
  /** "Post-mortem done" / "Dismiss", or `/incident postmortem done|dismiss`. */
  | ({ type: 'incident.postmortem'; decision: 'done' | 'dismissed' } & Meta)
  /** From the paging effect: some targets could not be reached (final: it stopped trying). */
  | ({ type: 'page.failed'; key: string; level: number | null; targets: string[]; error: string; final: boolean } & Meta)
  /** From the paging effect: a page that had failed got through on a later attempt. */
  | ({ type: 'page.delivered'; key: string } & Meta)
  /** From Diagnostics: who is on call now (PagerDuty), for the summary. */
  | ({ type: 'diagnostics.onCall'; onCall: OnCallLine } & Meta);

export type IncidentEventType = IncidentEvent['type'];

/** What an action or guard receives. */
export type Args = { context: IncidentContext; event: IncidentEvent };

/** The event as the type the transition it is handled in says it is. */
export const ev = <T extends IncidentEventType>(event: IncidentEvent, _type: T) => event as Extract<IncidentEvent, { type: T }>;

/** `via` of events that came through another system (PagerDuty's webhook), else null. */
export const viaOf = (event: IncidentEvent): string | null => ('via' in event && event.via ? event.via : null);
