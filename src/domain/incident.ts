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
}

/** Time-ordered and unguessable; also the workflow id and the PagerDuty dedup_key of the incident. */
export function newIncidentId(): string {
  return `inc_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}
