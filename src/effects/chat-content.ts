// Effects: what the core says in chat, as data. The chat adapter (integrations/slack) words it and
// lays it out (Block Kit, or a log line in local mode); the core never holds Slack words or markup.
import type { Severity } from '../domain/alert.js';
import type { ApprovalView } from '../domain/approval.js';
import type { IncidentNotice, IncidentView } from '../domain/incident.js';
import type { DiagnosticsReport } from '../domain/diagnostics.js';

/** An announcement in the announcement channel. */
export type Announcement =
  | { kind: 'declared'; view: IncidentView }
  | { kind: 'severity-changed'; view: IncidentView; from: Severity }
  | { kind: 'resolved'; view: IncidentView }
  | { kind: 'exhausted'; view: IncidentView; policy: string | null };

/** `now`: ISO 8601, when the content was rendered for (durations are counted to it). */
export type ChatContent =
  /** The pinned live summary, posted once and edited in place. */
  | { kind: 'summary'; view: IncidentView; now: string }
  | { kind: 'announcement'; announcement: Announcement; now: string }
  /** The nudge after `waitedMs` without a status update, with Post update and Snooze. */
  | { kind: 'status-reminder'; view: IncidentView; waitedMs: number; snoozeMs: number }
  /** To the commander; `elsewhere`: not in the incident channel (it is archived, or this is a DM). */
  | { kind: 'postmortem-reminder'; view: IncidentView; commander: string | null; count: number; elsewhere: boolean }
  /** A page in the incident channel: the people and groups mentioned. `where`: "level 1", "paged by hand". */
  | { kind: 'page'; view: IncidentView; where: string; users: string[]; groups: string[] }
  /** A page as a DM to one person, with an Acknowledge button. */
  | { kind: 'page-dm'; view: IncidentView; where: string }
  | { kind: 'notice'; view: IncidentView; notice: IncidentNotice }
  /** A remediation request's card: posted once in the incident channel (and DMed), edited in place. `now`: ISO 8601. */
  | { kind: 'approval'; request: ApprovalView; now: string }
  /** Said loudly in the incident channel: break-glass, an unknown outcome, a block lifted (or not). */
  | { kind: 'approval-notice'; request: ApprovalView; what: ApprovalNotice }
  /**
   * Once after a chat outage, in the announcement channel: the incidents declared or changed while
   * the chat was unreachable (`from`/`to`: ISO 8601), their state as it is now.
   */
  | { kind: 'outage-recap'; vendor: string; from: string; to: string; incidents: IncidentView[] }
  /** One Diagnostics run in the incident channel: posted once, edited in place as sources answer. */
  | { kind: 'diagnostics'; report: DiagnosticsReport; now: string };

export type ApprovalNotice = 'break-glass' | 'lifted' | 'lift-failed' | 'outcome-unknown';

export type ChatContentKind = ChatContent['kind'];
