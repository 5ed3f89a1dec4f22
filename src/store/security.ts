// Store: security events in, detection firings out (SQL in 20261208090000_security_events.sql).
import type { Transport } from './transport.js';

export interface EventRow {
  /** The sender's id, for redeliveries. */
  key: string | null;
  type: string;
  occurred_at: string;
  attributes: Record<string, string>;
  hits: Array<{ rule: string; key: string }>;
}

export interface RuleRow {
  name: string;
  window_ms: number;
  threshold: number;
  cooldown_ms: number;
}

export interface Firing {
  id: number;
  rule: string;
  key: string;
  count: number;
  crossed_at: string;
}

export interface SecurityIngestResult {
  stored: number;
  duplicates: number;
  firings: Firing[];
}

export interface PendingFiring extends Firing {
  first_seen: string;
  fired_at: string;
  events: Array<{ id: number; type: string; occurred_at: string; attributes: Record<string, string> }>;
}

export async function ingestSecurityEvents(t: Transport, source: string, events: EventRow[], rules: RuleRow[]): Promise<SecurityIngestResult> {
  const r = await t.rpc<SecurityIngestResult>('fb_security_ingest', { p_source: source, p_events: events, p_rules: rules });
  return { ...r, firings: r.firings.map((f) => ({ ...f, id: Number(f.id) })) };
}

export async function pendingFirings(t: Transport, limit = 100): Promise<PendingFiring[]> {
  const rows = await t.rpc<PendingFiring[]>('fb_detection_pending', { p_limit: limit });
  return rows.map((f) => ({ ...f, id: Number(f.id), events: f.events.map((e) => ({ ...e, id: Number(e.id) })) }));
}

export async function markFiringDelivered(t: Transport, id: number, incidentId: string | null): Promise<void> {
  await t.rpc('fb_detection_delivered', { p_id: id, p_incident_id: incidentId });
}
