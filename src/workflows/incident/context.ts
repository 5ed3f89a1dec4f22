// Workflows: what an incident workflow is made of — the input a declaration gives it, the settings it
// snapshots from config (so later config edits never change a running incident), and its context.
import type { Severity } from '../../domain/alert.js';
import type { IncidentStatus, OnCallLine, Role } from '../../domain/incident.js';
import type { Wait } from '../../domain/working-days.js';

/** How the incident's Slack presence is set up, snapshotted at declaration (config may change later). */
export interface ChatSettings {
  channelPattern: string;
  privateChannel: boolean;
  /** Channel id (or name) where declarations, severity changes and resolutions are announced. */
  announceChannel: string | null;
  /** Archive the channel this long after close; null = never. */
  archiveAfterMs: number | null;
  /** Close a resolved incident by itself this long after resolve; null = only by hand (`/incident close`). */
  closeAfterMs?: number | null;
}

/** An escalation policy as the incident snapshotted it when escalation started: later config edits do not change it. */
export interface EscalationSnapshot {
  name: string;
  /** `fallback`: paged as well once a primary target's vendor has been unreachable for afterMs (absent in older snapshots). */
  levels: Array<{ targets: string[]; timeoutMs: number; fallback?: { targets: string[]; afterMs: number } }>;
  /** Times to run the levels again from the first when nobody acknowledges. */
  repeat: number;
}

/** Reminders as the incident snapshotted them at declaration (config edits later do not change them). */
export interface ReminderSettings {
  /** Nudge the channel after this long without a status update, per severity; null = never. */
  statusUpdateMs: Record<Severity, number | null>;
  /** How long "Snooze" silences the nudges. */
  snoozeMs: number;
  /** Remind the commander about the post-mortem after resolve; null = never. */
  postmortem: { after: Wait; repeatEvery: Wait | null } | null;
}

export interface IncidentInput {
  id: string;
  title: string;
  severity: Severity;
  service: string | null;
  policy: string | null;
  /** A Slack user id, or `alert:<source>`. */
  declaredBy: string;
  commander?: string | null;
  /** Slack users to invite besides the commander and the declarer (routing's responders). */
  responders?: string[];
  summary?: string | null;
  /** Resolve by itself when every alert has recovered (a routing decision). */
  autoResolve: boolean;
  chat: ChatSettings;
  /** Null: nobody is paged by the clock (responders are still invited). */
  escalation?: EscalationSnapshot | null;
  /** Null or absent: no reminders. */
  reminders?: ReminderSettings | null;
  /** Run Diagnostics on declaration (routing rule, else `diagnostics.on_declare`); absent: no. */
  diagnostics?: boolean;
}

export interface PostmortemState {
  state: 'pending' | 'done' | 'dismissed';
  /** Reminders sent so far. */
  reminders: number;
  /** Who marked it done or dismissed it. */
  by: string | null;
}

export interface PageFailure {
  /** The paging effect's idempotency key: one entry per page, however many attempts. */
  key: string;
  /** Escalation level (0-based) or null for a page by hand. */
  level: number | null;
  /** The targets that could not be reached (as written in config). */
  targets: string[];
  error: string;
  /** True when no more attempts will be made (the outbox gave up, or the vendor refused for good). */
  final: boolean;
  at: string;
}

/**
 * Where escalation stands: the level paged last (0-based), the round (0 = first run), when that
 * level was paged, and whether every level and repeat has run out.
 */
export interface EscalationState {
  policy: EscalationSnapshot | null;
  level: number;
  round: number;
  since?: string | null;
  exhausted?: boolean;
}

export interface IncidentContext extends Omit<IncidentInput, 'commander' | 'responders' | 'summary' | 'escalation'> {
  escalation: EscalationState;
  number: number | null;
  status: IncidentStatus;
  roles: Record<Role, string | null>;
  responders: string[];
  declaredAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  lastUpdate: { at: string; by: string | null; text: string } | null;
  channel: { id: string; name: string } | null;
  summaryTs: string | null;
  /** Times the incident was reopened: PagerDuty is paged under a fresh dedup key after each. */
  reopens: number;
  /** Pages that failed and are not (yet) delivered: shown on the summary until a retry gets through. */
  pageFailures: PageFailure[];
  /** Targets paged by hand (`/incident page`), once each: PagerDuty sync must reach those integrations too. */
  pagedByHand?: string[];
  /** When the status-update wait started: the last update (status or note), nudge, snooze, declaration or reopen. */
  statusWaitFrom?: string | null;
  /** The last status update (status or note), or the declaration or reopen: what a nudge counts silence from. */
  statusUpdatedAt?: string | null;
  /** The post-mortem after resolve: null until resolved (or without a reminder), and again after reopen. */
  postmortem?: PostmortemState | null;
  /** When the channel was archived: later reminders go to the announcement channel. */
  archivedAt?: string | null;
  /** Who is on call now, as Diagnostics last found it (shown on the summary). */
  onCall?: OnCallLine | null;
}

/** The context a declaration starts from. */
export function initialContext(input: IncidentInput): IncidentContext {
  return {
    id: input.id,
    title: input.title,
    severity: input.severity,
    service: input.service,
    policy: input.policy,
    declaredBy: input.declaredBy,
    autoResolve: input.autoResolve,
    chat: input.chat,
    number: null,
    status: 'triggered',
    roles: { commander: input.commander ?? null, scribe: null, comms: null },
    responders: input.responders ?? [],
    declaredAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    lastUpdate: input.summary ? { at: '', by: input.declaredBy, text: input.summary } : null,
    channel: null,
    summaryTs: null,
    escalation: { policy: input.escalation ?? null, level: 0, round: 0, since: null, exhausted: false },
    reopens: 0,
    pageFailures: [],
    pagedByHand: [],
    reminders: input.reminders ?? null,
    statusWaitFrom: null,
    statusUpdatedAt: null,
    postmortem: null,
    archivedAt: null,
    ...(input.diagnostics !== undefined && { diagnostics: input.diagnostics }),
  };
}
