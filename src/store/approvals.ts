// Store: typed calls to the approval functions — request numbers, an incident's requests, the
// hourly caps (counted across replicas) and the evidence an IP block shows.
import type { Transport } from './transport.js';

export interface ApprovalRow {
  id: string;
  number: number;
  incident_id: string;
  action: string;
  kind: string;
  status: 'active' | 'done' | 'failed';
  /** The workflow's summary: { incidentId, number, action, phase, requester, expiresAt }. */
  summary: { phase?: string; requester?: string; expiresAt?: string } | null;
  created_at: string;
  card_channel?: string | null;
  card_ts?: string | null;
}

export interface IpEvidence {
  alerts: number;
  occurrences: number;
  first_seen: string | null;
  last_seen: string | null;
  titles: string[];
}

export async function registerApproval(t: Transport, r: { id: string; incidentId: string; action: string; kind: string }): Promise<number> {
  const out = await t.rpc<{ number: number }>('fb_approval_register', { p_id: r.id, p_incident_id: r.incidentId, p_action: r.action, p_kind: r.kind });
  return Number(out.number);
}

export async function findApproval(t: Transport, by: { number: number } | { id: string }): Promise<ApprovalRow | null> {
  const row = await t.rpc<ApprovalRow | null>('fb_approval_find', 'number' in by ? { p_number: by.number, p_id: null } : { p_number: null, p_id: by.id });
  return row ? { ...row, number: Number(row.number) } : null;
}

/** Records where the card was posted; the first call wins and every later one reads it back. */
export async function setApprovalCard(t: Transport, id: string, channel: string, ts: string): Promise<{ channel: string; ts: string } | null> {
  return (await t.rpc<{ channel: string; ts: string } | null>('fb_approval_set_card', { p_id: id, p_channel: channel, p_ts: ts })) ?? null;
}

export async function listApprovals(t: Transport, incidentId: string, limit = 100): Promise<ApprovalRow[]> {
  const rows = await t.rpc<ApprovalRow[]>('fb_approval_list', { p_incident_id: incidentId, p_limit: limit });
  return rows.map((r) => ({ ...r, number: Number(r.number) }));
}

/** One execution of `kind` for this request within the hourly cap (the same request keeps its slot). */
export async function takeExecutionSlot(t: Transport, requestId: string, kind: string, perHour: number): Promise<{ ok: boolean; used: number | null }> {
  const r = await t.rpc<{ ok: boolean; used: number | null }>('fb_approval_take_slot', { p_request_id: requestId, p_kind: kind, p_per_hour: perHour });
  return { ok: r.ok, used: r.used === null ? null : Number(r.used) };
}

export async function ipEvidence(t: Transport, incidentId: string, value: string): Promise<IpEvidence> {
  const r = await t.rpc<IpEvidence>('fb_approval_evidence', { p_incident_id: incidentId, p_value: value });
  return { ...r, alerts: Number(r.alerts), occurrences: Number(r.occurrences), titles: r.titles ?? [] };
}
