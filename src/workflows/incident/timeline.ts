// Workflows: what the incident workflow writes on its timeline — a kind and its data, never words.
// The words are in timeline-text.ts (and in each surface's renderer: Slack, the console, post-mortems).
import type { Severity } from '../../domain/alert.js';
import type { IncidentStatus, Role, UpdateStatus } from '../../domain/incident.js';
import { TIMELINE_ACTION } from '../definition.js';
import type { Args } from './events.js';

/** Timeline kind → its data. */
export interface IncidentTimeline {
  'slack.channel': { name: string };
  'slack.archived': Record<string, never>;
  'incident.acknowledged': { via: string | null };
  'incident.status': { status: UpdateStatus; message: string | null };
  /** A status update that would go backwards, refused. */
  'incident.refused': { status: UpdateStatus; current: IncidentStatus };
  'incident.severity': { from: Severity; to: Severity };
  'incident.role': { role: Role; user: string };
  'incident.note': { text: string };
  'incident.resolved': { via: string | null; summary: string | null; automatic: boolean };
  'incident.reopened': { via: string | null; reason: string | null };
  'incident.closed': { automatic: boolean };
  'alerts.cleared': Record<string, never>;
  /** `level`: 1-based, or null for a page by hand. */
  'escalation.paged': { reason: 'escalation' | 'by-hand' | 'severity-raised'; level: number | null; round: number; policy: string | null; targets: string[] };
  'escalation.escalated': { reason: string | null; restarted: boolean };
  'escalation.exhausted': { policy: string | null };
  /** `level`: 1-based, or null for a page by hand. */
  'escalation.page_failed': { level: number | null; targets: string[]; error: string; final: boolean };
  'escalation.page_delivered': { level: number | null };
  'reminder.status': { silentForMs: number };
  'reminder.snoozed': { forMs: number };
  'reminder.postmortem': { commander: string | null };
  'incident.postmortem': { decision: 'done' | 'dismissed' };
}

export type IncidentTimelineKind = keyof IncidentTimeline;

/** A timeline entry of the step: who (the event's actor), what (kind) and its data. */
export const record = <K extends IncidentTimelineKind>(kind: K, data: (args: Args) => IncidentTimeline[K]) => ({
  type: TIMELINE_ACTION as typeof TIMELINE_ACTION,
  params: (args: Args) => ({ kind, data: data(args), actor: args.event.actor ?? null }),
});
