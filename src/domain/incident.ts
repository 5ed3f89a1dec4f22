// Domain: what an incident is, as responders see it — statuses, roles, the summary view.
import { randomBytes } from 'node:crypto';
import type { Severity } from './alert.js';

/** In order: skipping forward is fine, going back is refused. */
export const INCIDENT_STATUSES = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The statuses `/incident status …` may set (the others have their own command). */
export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export const ROLES = ['commander', 'scribe', 'comms'] as const;
export type Role = (typeof ROLES)[number];

export function statusRank(status: IncidentStatus): number {
  return INCIDENT_STATUSES.indexOf(status);
}

export interface AlertLine {
  source: string;
  title: string;
  status: 'firing' | 'resolved';
  url: string | null;
}

/** Everything the live summary shows; rendered fresh on every change (edited in place). */
export interface IncidentView {
  id: string;
  number: number | null;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  service: string | null;
  /** Slack user ids, or null when unassigned. */
  roles: Record<Role, string | null>;
  declaredBy: string;
  /** ISO 8601. */
  declaredAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  alerts: { firing: number; resolved: number; latest: AlertLine[] };
  lastUpdate: { at: string; by: string | null; text: string } | null;
  channel: { id: string; name: string } | null;
  /** Where escalation stands; null or absent when the incident has no policy. */
  escalation?: EscalationStatus | null;
  /** Pages that have not got through (yet). */
  pageFailures?: PageFailureLine[];
  /** IPs the incident's alerts carry (tags ip, client_ip, source_ip): each may be proposed for a block. */
  ipsSeen?: string[];
  /** Follow-ups (`/incident followup`), oldest first; absent where they were not read. */
  followups?: FollowupLine[];
  /** Who is on call now on the incident's PagerDuty escalation policy, as Diagnostics last found it. */
  onCall?: OnCallLine | null;
}

/** A follow-up as the summary lists it. */
export interface FollowupLine {
  id: number;
  text: string;
  /** Slack user id, or null. */
  owner: string | null;
  /** YYYY-MM-DD, or null. */
  due: string | null;
  done: boolean;
}

/** Where escalation stands, as responders see it (levels 1-based). */
export interface EscalationStatus {
  policy: string;
  level: number;
  levels: number;
  /** 0 on the first run through the levels. */
  round: number;
  repeat: number;
  /** When the current level's wait ends (the next level, a repeat, or exhaustion); null if unknown. */
  nextAt: string | null;
  exhausted: boolean;
}

/** A page that has not got through (yet). */
export interface PageFailureLine {
  /** 1-based escalation level, or null for a page by hand. */
  level: number | null;
  targets: string[];
  error: string;
  /** No more attempts will be made. */
  final: boolean;
}

/** Something the incident's channel must be told, as data: each chat adapter words it. */
export type IncidentNotice =
  | { kind: 'escalation-exhausted' }
  /** `level`: 1-based, or null for a page by hand. */
  | { kind: 'page-failed'; level: number | null; targets: string[]; error: string };

/** Time-ordered and unguessable; also the workflow id and the PagerDuty dedup_key of the incident. */
export function newIncidentId(): string {
  return `inc_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}

/**
 * One plain-text line: what the incident is and where it stands (`🔥 #42 Checkout down — SEV1 ·
 * Triggered`). Not escaped for any markup: for PagerDuty, webhooks and logs.
 */
export function incidentHeadline(view: Pick<IncidentView, 'number' | 'title' | 'severity' | 'status'>): string {
  const title = view.title.trim() === '' ? 'Untitled incident' : view.title;
  const ref = view.number === null ? title : `#${view.number} ${title}`;
  return `🔥 ${ref} — ${view.severity.toUpperCase()} · ${view.status.charAt(0).toUpperCase()}${view.status.slice(1)}`;
}

/** The on-call list Diagnostics found (PagerDuty), shown on the pinned summary. `at`: when it was asked. */
export interface OnCallLine {
  policy: string | null;
  people: Array<{ level: number; name: string }>;
  at: string;
}
