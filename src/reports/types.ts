// Reports: the read API's types — the timeline, the post-mortem, follow-ups and response metrics, as
// data every surface (Slack, the web console, the JSON API, `/incident stats`) renders. Stable:
// other modules build on these names; add fields, never rename or remove them.
import type { Severity } from '../domain/alert.js';

// ---------------------------------------------------------------------------------------------
// Timeline

/**
 * What an entry is about, for grouping and icons. Kinds Firebreak does not know (written by a newer
 * build or another feature) are `other` and still carry their one-line `text`.
 */
export type TimelineCategory =
  | 'alert' // first alert, repeats (refired/attached), recovered, storms
  | 'declaration'
  | 'paging' // pages, page failures, escalation
  | 'acknowledgement'
  | 'status' // status updates and refusals
  | 'note' // notes, messages added from Slack
  | 'role'
  | 'severity'
  | 'evidence' // diagnostics results
  | 'action' // action requests, approvals, executions
  | 'resolution' // resolve, reopen, close, alerts cleared
  | 'postmortem'
  | 'followup'
  | 'chat' // channel opened/archived, reminders
  | 'other';

/** Who did it: a Slack user, an alert source, PagerDuty, Firebreak itself, or nobody recorded. */
export type TimelineActor =
  | { kind: 'slack-user'; id: string }
  | { kind: 'alert'; source: string }
  | { kind: 'pagerduty'; name: string }
  | { kind: 'firebreak' }
  | { kind: 'other'; id: string }
  | null;

export interface TimelineItem {
  /** Store id: increasing in commit order; the cursor for `before`. */
  id: number;
  /** ISO 8601. */
  at: string;
  /** e.g. `incident.acknowledged`, `alert.refired`, `timeline.message`, or a kind this build does not know. */
  kind: string;
  category: TimelineCategory;
  actor: TimelineActor;
  /** The raw actor string as stored (`U…`, `alert:datadog`, `firebreak`), or null. */
  actorId: string | null;
  /** One plain line, not escaped for any markup (escape it for Slack or HTML). */
  text: string;
  /** Set on action entries taken under break-glass (no approval): surfaces must flag them. */
  breakGlass: boolean;
  /** A link the entry points at (a Slack message permalink, an evidence URL), when it has one. */
  url: string | null;
  /** The kind's own data, as recorded. */
  data: unknown;
}

/** A chat message to copy onto the timeline: its text as written, who wrote it, where it is. */
export interface ChatMessage {
  text: string;
  /** Slack user id of its author, when a person wrote it. */
  author: string | null;
  permalink: string | null;
  channel: string;
  ts: string;
}

export interface TimelineQuery {
  /** At most this many entries (default 50, at most 1000). */
  limit?: number;
  /** Only entries with an id below this (the previous page's `older`). */
  before?: number;
}

export interface TimelinePage {
  /** Oldest first: the latest `limit` entries before `before`. */
  items: TimelineItem[];
  /** Pass as `before` for the page before this one; null when this page reaches the start. */
  older: number | null;
}

// ---------------------------------------------------------------------------------------------
// Follow-ups

export type FollowupState = 'open' | 'done';

export interface Followup {
  id: number;
  incidentId: string;
  incidentNumber: number | null;
  text: string;
  /** Slack user id, or null when nobody owns it yet. */
  owner: string | null;
  /** YYYY-MM-DD, or null. */
  due: string | null;
  state: FollowupState;
  createdBy: string;
  createdAt: string;
  doneBy: string | null;
  doneAt: string | null;
  /** The first outside tracker's issue it was linked to (a GitHub or Jira issue), when it is. */
  external: FollowupLink | null;
  /** Every outside tracker's issue it is linked to (GitHub and Jira at once), oldest link first. */
  externals: FollowupLink[];
}

export interface FollowupLink {
  system: 'github' | 'jira';
  /** `owner/repo#12` (GitHub), `OPS-7` (Jira). */
  key: string;
  url: string;
}

export interface NewFollowup {
  text: string;
  owner: string | null;
  due: string | null;
}

export type FollowupOutcome =
  | { ok: true; followup: Followup }
  | { ok: false; reason: 'not-found' | 'already-done' | 'unavailable' };

// ---------------------------------------------------------------------------------------------
// Response metrics

export interface MetricsQuery {
  /** Incidents declared at or after this time (inclusive). */
  from: Date | string;
  /** …and before this time (exclusive). */
  to: Date | string;
  service?: string | null;
  /** The highest severity the incident reached. */
  severity?: Severity | null;
}

/** Milliseconds; null when the moment has not happened (or was never recorded). */
export interface IncidentTimes {
  /** Declared − first alert (null for an incident declared by hand with no alert before it). */
  ttdMs: number | null;
  /** First acknowledgement − declared. */
  ttaMs: number | null;
  /** Last resolve − first alert (or declared, with no alert before it); null while open. */
  ttrMs: number | null;
}

export type TargetVerdict = 'met' | 'missed' | 'pending' | 'none';

export interface IncidentMetrics extends IncidentTimes {
  id: string;
  number: number;
  title: string;
  service: string | null;
  /** The highest severity it reached (sev changes included): what it is judged by. */
  severity: Severity;
  status: string;
  /** ISO 8601 moments; null when not (yet) happened. */
  firstAlertAt: string | null;
  declaredAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  reopens: number;
  /** Alerts merged into it (attached or its own). */
  alerts: number;
  /** Per measure: within its target, over it, not measurable yet, or no target set. */
  targets: { detect: TargetVerdict; acknowledge: TargetVerdict; resolve: TargetVerdict };
  /** missed if any measure missed; met if every targeted measure met; pending/none otherwise. */
  verdict: TargetVerdict;
}

export interface Percentiles {
  /** How many incidents had this measure. */
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface MetricsGroup {
  /** The severity, the service (`(none)` for none) or the week's Monday (YYYY-MM-DD). */
  key: string;
  incidents: number;
  ttd: Percentiles;
  tta: Percentiles;
  ttr: Percentiles;
  /** Incidents met / (met + missed); null when none was judged. */
  metShare: number | null;
  met: number;
  missed: number;
}

/** Targets per severity in milliseconds (firebreak.yaml `targets`). */
export type ResponseTargets = Partial<Record<Severity, { detectMs?: number; acknowledgeMs?: number; resolveMs?: number }>>;

export interface ResponseMetrics {
  from: string;
  to: string;
  incidents: IncidentMetrics[];
  bySeverity: MetricsGroup[];
  byService: MetricsGroup[];
  /** Weeks (Monday, UTC) oldest first. */
  byWeek: MetricsGroup[];
  total: MetricsGroup;
  targets: ResponseTargets;
}

// ---------------------------------------------------------------------------------------------
// Targets met (the console's /stats and /api/stats): the same verdicts as ResponseMetrics, counted
// per severity and measure without the per-incident rows.

export type TargetMeasure = 'detect' | 'acknowledge' | 'resolve';

/** How incidents fared against one target (or all of a severity's targets together). */
export interface TargetTally {
  met: number;
  missed: number;
  /** Not measured yet and its deadline not passed (still open, within the target). */
  pending: number;
  /** The target applies but there is nothing to judge: no time to detect for a declaration by hand. */
  unmeasured: number;
  /** met / (met + missed), to four places; null when none was judged. */
  metShare: number | null;
}

export interface SeverityTargets {
  severity: Severity;
  /** Incidents judged by this severity (the highest they reached). */
  incidents: number;
  /** One per measure this severity has a target for, in the order detect, acknowledge, resolve. */
  measures: Array<TargetTally & { measure: TargetMeasure; targetMs: number }>;
  /** Each incident as a whole (the verdict `/incident stats` counts): missed if any measure missed, met if all judged met. */
  overall: TargetTally;
}

export interface TargetShares {
  /** Incidents declared in [from, to). */
  from: string;
  to: string;
  service: string | null;
  /** The targets in force (firebreak.yaml `targets`). */
  targets: ResponseTargets;
  /** Each severity that has a target, sev1 first — listed with zeros when it had no incident. */
  bySeverity: SeverityTargets[];
  /** The severities with a target together: each measure summed over those that target it, and incidents as a whole. */
  total: { incidents: number; measures: Array<TargetTally & { measure: TargetMeasure }>; overall: TargetTally };
  /** Incidents whose severity has no target: counted here, never as met or missed. */
  noTarget: { incidents: number; bySeverity: Array<{ severity: Severity; incidents: number }> };
}
