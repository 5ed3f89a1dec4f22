// Store: typed calls for alerts and incidents (the atomic ingest, lookups, lists).
import { groupCall } from './group-call.js';
import { StoreError, type Transport } from './transport.js';
import { isTransientSqlState } from './transports/sql-call.js';
import type { FollowupRow } from './reports.js';
import type { StepCommit, StoredWorkflow } from './workflows.js';

export interface IngestAlertRow {
  key: string;
  status: 'firing' | 'resolved';
  severity: string;
  source_severity: string | null;
  title: string;
  description: string;
  service: string | null;
  environment: string | null;
  group_key: string | null;
  tags: Record<string, string>;
  links: unknown[];
  raw: unknown;
  started_at: string | null;
  ended_at: string | null;
  route: unknown;
  correlation_key: string;
  declare: boolean;
}

export interface IncidentCandidate {
  id: string;
  title: string;
  severity: string;
  service: string | null;
  policy: string | null;
  declared_by: string;
  workflow: {
    kind: string;
    machine_version: number;
    snapshot: unknown;
    status: string;
    timers: unknown[];
    effects: unknown[];
    timeline: unknown[];
    summary: unknown;
  };
}

/** `held`: it would have declared an incident, but its source is over a cap (stored, not declared). */
export type AlertOutcome = 'new' | 'updated' | 'attached' | 'declared' | 'refired' | 'reopened' | 'escalated' | 'resolved' | 'resolved-unknown' | 'unchanged' | 'held';

/** Caps on one source's intake; null: no cap. */
export interface IntakeLimits {
  maxAlertsPerDelivery: number | null;
  maxDeclarationsPerMinute: number | null;
}

/** A storm this delivery started (its source's first held alert after a quiet minute). */
export interface StormStarted {
  source: string;
  reason: 'delivery' | 'declarations';
  cap: number;
  /** The incident whose timeline got the storm notice, if the source declared one in the last minute. */
  incident_id: string | null;
  message: string;
}

export interface IngestResult {
  duplicate: boolean;
  alerts: Array<{ key: string; alert_id: number; incident_id: string | null; outcome: AlertOutcome }>;
  declared: Array<{ id: string; number: number }>;
  /** Alerts stored without declaring because the source is over a cap. */
  held: number;
  storm: StormStarted | null;
}

/** One delivery's alerts, the incidents planned for them and the events it carries, as one store call takes them. */
export interface IngestRequest {
  source: string;
  deliveryId: string | null;
  alerts: IngestAlertRow[];
  candidates: Record<string, IncidentCandidate>;
  windowMs: number;
  events?: Array<{ workflow_id: string; event: { type: string; [k: string]: unknown } }>;
  signalDelayMs?: number | undefined;
  limits?: IntakeLimits | null;
}

export type IngestCall = (request: IngestRequest) => Promise<IngestResult>;

function ingestArgs(r: IngestRequest): Record<string, unknown> {
  const limits = r.limits ?? null;
  return {
    p_source: r.source,
    p_delivery_id: r.deliveryId,
    p_alerts: r.alerts,
    p_candidates: r.candidates,
    p_window_ms: r.windowMs,
    p_events: r.events ?? [],
    p_signal_delay_ms: r.signalDelayMs,
    p_limits: limits === null ? {} : { max_alerts_per_delivery: limits.maxAlertsPerDelivery, max_declarations_per_minute: limits.maxDeclarationsPerMinute },
  };
}

/** One delivery in one transaction (fb_alert_ingest). */
export function ingestAlerts(t: Transport, request: IngestRequest): Promise<IngestResult> {
  return t.rpc<IngestResult>('fb_alert_ingest', ingestArgs(request));
}

/** What fb_alert_ingest_many answers per delivery. */
type Outcome = { ok: true; result: IngestResult } | { ok: false; sqlstate: string; message: string };

/**
 * Deliveries that arrive while earlier ones are in the store go together (group commit,
 * fb_alert_ingest_many): one round trip and one commit for many, each delivery still all-or-nothing
 * on its own and answered as fb_alert_ingest would answer it (its error a StoreError with the same
 * SQLSTATE). A delivery that lost a deadlock inside a group is sent again on its own.
 */
export function groupedIngest(t: Transport, opts: { concurrency?: number; maxBatch?: number } = {}): IngestCall {
  const call = groupCall(
    async (requests: IngestRequest[]): Promise<Outcome[]> =>
      requests.length > 1
        ? t.rpc<Outcome[]>('fb_alert_ingest_many', { p_deliveries: requests.map(ingestArgs) })
        // Alone: the plain call (no savepoint); its error, if any, is that delivery's.
        : [{ ok: true, result: await ingestAlerts(t, requests[0]!) }],
    opts.maxBatch ?? 64,
    opts.concurrency ?? 2,
  );
  return async (request) => {
    const outcome = await call(request);
    if (outcome.ok) return outcome.result;
    if (outcome.sqlstate === '40P01') return ingestAlerts(t, request);
    const kind = isTransientSqlState(outcome.sqlstate) ? 'unavailable' : 'rejected';
    throw new StoreError(kind, `fb_alert_ingest: ${outcome.message} (SQLSTATE ${outcome.sqlstate})`, { cause: { code: outcome.sqlstate } });
  };
}

/** The workflow part of a candidate, from the runner's planned first commit. */
export function candidateWorkflow(commit: StepCommit): IncidentCandidate['workflow'] {
  return {
    kind: commit.kind,
    machine_version: commit.machineVersion,
    snapshot: commit.snapshot,
    status: commit.status,
    timers: commit.timers,
    effects: commit.effects,
    timeline: commit.timeline,
    summary: commit.summary ?? null,
  };
}

export async function incidentByExternal(t: Transport, system: string, externalId: string, incidentKey: string | null): Promise<string | null> {
  const r = await t.rpc<{ id: string } | null>('fb_incident_by_external', { p_system: system, p_external_id: externalId, p_incident_key: incidentKey });
  return r?.id ?? null;
}

export interface IncidentListItem {
  id: string;
  number: number;
  title: string;
  service: string | null;
  severity: string;
  status: string;
  policy: string | null;
  opened_at: string;
  last_alert_at: string;
  external: Record<string, string>;
  alerts_firing: number;
  alerts_total: number;
}

export function listIncidents(t: Transport, openOnly = true): Promise<IncidentListItem[]> {
  return t.rpc<IncidentListItem[]>('fb_incidents_list', { p_open_only: openOnly });
}

export interface AlertListItem {
  id: number;
  source: string;
  key: string;
  incident_id: string | null;
  status: 'firing' | 'resolved';
  severity: string;
  title: string;
  service: string | null;
  count: number;
  links: Array<{ kind: string; url: string }>;
}

export function listAlerts(t: Transport, incidentId: string | null = null): Promise<AlertListItem[]> {
  return t.rpc<AlertListItem[]>('fb_alerts_list', { p_incident_id: incidentId });
}

export async function setIncidentExternal(t: Transport, incidentId: string, system: string, externalId: string): Promise<void> {
  await t.rpc('fb_incident_set_external', { p_incident_id: incidentId, p_system: system, p_external_id: externalId });
}

/** An incident by its number, or by its id in another system (e.g. its Slack channel). */
export function findIncident(t: Transport, by: { number: number } | { system: string; externalId: string }): Promise<{ id: string; number: number } | null> {
  return t.rpc('fb_incident_find', 'number' in by
    ? { p_number: by.number }
    : { p_system: by.system, p_external_id: by.externalId });
}

export function declareIncident(t: Transport, candidate: IncidentCandidate): Promise<{ id: string; number: number }> {
  return t.rpc('fb_incident_declare', { p_candidate: candidate });
}

export interface IncidentAlerts {
  firing: number;
  resolved: number;
  latest: Array<{ source: string; title: string; status: 'firing' | 'resolved'; links: Array<{ kind: string; url: string }> }>;
}

/** Counts and the latest few alerts of an incident, for its summary. */
export function incidentAlerts(t: Transport, incidentId: string, latest = 5): Promise<IncidentAlerts> {
  return t.rpc<IncidentAlerts>('fb_incident_alerts', { p_incident_id: incidentId, p_latest: latest });
}

/**
 * An incident's workflow row (null: no such workflow) with its alerts as incidentAlerts gives them, in one
 * store call; `extras`: its follow-ups and the IPs its alerts carry too (what the summary lists).
 */
export function loadIncidentRows(t: Transport, incidentId: string, opts: { latest?: number; extras?: boolean } = {}): Promise<IncidentRows> {
  return t.rpc('fb_incident_load', { p_incident_id: incidentId, p_latest: opts.latest ?? 5, p_extras: opts.extras ?? false });
}

export interface IncidentRows {
  workflow: StoredWorkflow | null;
  alerts: IncidentAlerts;
  /** With `extras` only. */
  followups?: FollowupRow[];
  /** With `extras` only: up to three, latest first. */
  ips?: string[];
}
