// Store: typed calls for reports — the timeline page by page, follow-ups, response metrics.
import type { Actor } from '../domain/actor.js';
import type { Transport } from './transport.js';

export interface TimelinePageRow {
  items: Array<{ id: number; at: string; kind: string; actor: string | null; message: string; data: unknown }>;
  older: number | null;
}

/** The latest `limit` entries with an id below `before` (null: the newest), oldest first. */
export async function timelinePage(t: Transport, workflowId: string, before: number | null, limit: number): Promise<TimelinePageRow> {
  const r = await t.rpc<TimelinePageRow>('fb_timeline_page', { p_workflow_id: workflowId, p_before: before, p_limit: limit });
  return { items: r.items.map((i) => ({ ...i, id: Number(i.id) })), older: r.older === null ? null : Number(r.older) };
}

export interface FollowupRow {
  id: number;
  incidentId: string;
  incidentNumber: number | null;
  text: string;
  owner: string | null;
  due: string | null;
  state: 'open' | 'done';
  createdBy: string;
  createdAt: string;
  doneBy: string | null;
  doneAt: string | null;
  /** The first tracker's issue it was linked to, or null. */
  external: FollowupLinkRow | null;
  /** Every tracker's issue it is linked to, oldest link first. */
  externals: FollowupLinkRow[];
}

export interface FollowupLinkRow {
  system: 'github' | 'jira';
  key: string;
  url: string;
}

/** A follow-up as the store's JSON gives it, its numbers as numbers (bigint ids arrive as strings). */
export const followupRow = (r: FollowupRow): FollowupRow => ({ ...r, id: Number(r.id), incidentNumber: r.incidentNumber === null ? null : Number(r.incidentNumber) });
const actorJson = (a: Actor) => ({ id: a.id, team: a.team, via: a.via });

/** Null when there is no such incident. Records the timeline entry and the audit row in the same call. */
export async function addFollowup(t: Transport, incidentId: string, f: { text: string; owner: string | null; due: string | null }, actor: Actor): Promise<FollowupRow | null> {
  const r = await t.rpc<FollowupRow | null>('fb_followup_add', { p_incident_id: incidentId, p_text: f.text, p_owner: f.owner, p_due: f.due, p_actor: actorJson(actor) });
  return r === null ? null : followupRow(r);
}

export async function listFollowups(t: Transport, incidentId: string): Promise<FollowupRow[]> {
  return (await t.rpc<FollowupRow[]>('fb_followups_list', { p_incident_id: incidentId })).map(followupRow);
}

export type FollowupStateResult = { ok: true; followup: FollowupRow } | { ok: false; reason: 'not-found' | 'already-done' | 'already-open'; followup?: FollowupRow };

export async function setFollowupState(t: Transport, id: number, state: 'open' | 'done', actor: Actor): Promise<FollowupStateResult> {
  const r = await t.rpc<FollowupStateResult>('fb_followup_set_state', { p_id: id, p_state: state, p_actor: actorJson(actor) });
  return r.ok ? { ok: true, followup: followupRow(r.followup) } : r;
}

/** Links the follow-up to its issue in `external.system`, replacing an earlier link in that tracker. */
export async function setFollowupExternal(t: Transport, id: number, external: FollowupLinkRow): Promise<void> {
  await t.rpc('fb_followup_set_external', { p_id: id, p_external: external });
}

export async function followupByExternal(t: Transport, system: string, key: string): Promise<FollowupRow | null> {
  const r = await t.rpc<FollowupRow | null>('fb_followup_by_external', { p_system: system, p_key: key });
  return r === null ? null : followupRow(r);
}

export interface MetricsRows {
  incidents: Array<Record<string, unknown>>;
  groups: Array<{ dimension: 'severity' | 'service' | 'week' | 'total'; key: string } & Record<string, unknown>>;
}

/** Targets: severity → { detect_ms, acknowledge_ms, resolve_ms }. */
export function responseMetrics(
  t: Transport,
  q: { from: string; to: string; service: string | null; severity: string | null; targets: Record<string, { detect_ms?: number; acknowledge_ms?: number; resolve_ms?: number }>; incidentId?: string | null },
): Promise<MetricsRows> {
  return t.rpc<MetricsRows>('fb_response_metrics', {
    p_from: q.from, p_to: q.to, p_service: q.service, p_severity: q.severity, p_targets: q.targets, p_incident_id: q.incidentId ?? null,
  });
}

/** Counts of one verdict kind (fb_response_targets). */
export interface VerdictCounts {
  met: number;
  missed: number;
  pending: number;
  none: number;
}

export interface TargetRow {
  severity: string;
  incidents: number;
  detect: VerdictCounts;
  acknowledge: VerdictCounts;
  resolve: VerdictCounts;
  verdict: VerdictCounts;
}

/** Per severity judged by (severities without incidents left out): each measure's and the incident's verdicts, counted. */
export async function responseTargets(
  t: Transport,
  q: { from: string; to: string; service: string | null; targets: Record<string, { detect_ms?: number; acknowledge_ms?: number; resolve_ms?: number }> },
): Promise<TargetRow[]> {
  const rows = await t.rpc<TargetRow[]>('fb_response_targets', { p_from: q.from, p_to: q.to, p_service: q.service, p_targets: q.targets });
  const counts = (c: VerdictCounts): VerdictCounts => ({ met: Number(c.met), missed: Number(c.missed), pending: Number(c.pending), none: Number(c.none) });
  return rows.map((r) => ({
    severity: r.severity, incidents: Number(r.incidents),
    detect: counts(r.detect), acknowledge: counts(r.acknowledge), resolve: counts(r.resolve), verdict: counts(r.verdict),
  }));
}

/** Open follow-ups to reconcile with tracker `system`: those not tracked anywhere yet (recent) and those tracked there. */
export async function followupsToSync(t: Transport, system: string, limit = 200): Promise<FollowupRow[]> {
  return (await t.rpc<FollowupRow[]>('fb_followups_to_sync', { p_system: system, p_limit: limit })).map(followupRow);
}

/** A Slack message copied onto an incident's timeline, once per message; null when there is no such incident. */
export async function addTimelineMessage(
  t: Transport,
  incidentId: string,
  m: { text: string; author: string | null; permalink: string | null; channel: string; ts: string },
  actor: Actor,
): Promise<{ id: number; duplicate: boolean } | null> {
  const r = await t.rpc<{ id: number; duplicate: boolean } | null>('fb_timeline_add_message', { p_incident_id: incidentId, p_entry: m, p_actor: actorJson(actor) });
  return r === null ? null : { id: Number(r.id), duplicate: r.duplicate };
}
