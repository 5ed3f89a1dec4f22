// Store: the append-only audit log — who did what, from where, to what, and how it ended.
import type { Actor } from '../domain/actor.js';
import type { Transport } from './transport.js';

export interface AuditEntry {
  actor: Actor;
  /** What was done or attempted, dot-namespaced: `incident.acknowledge`, `approval.approve`, `config.reload`. */
  action: string;
  /** What it was done to: an incident id, an approval request id; null for the whole system. */
  subject: string | null;
  /** The exact parameters asked for (secrets already redacted by the caller). */
  params?: unknown;
  /** `ok`, `refused:<reason>`, `failed`, `executed`, … */
  outcome: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  team: string | null;
  via: string | null;
  action: string;
  subject: string | null;
  params: unknown;
  outcome: string | null;
}

export function recordAudit(t: Transport, entry: AuditEntry): Promise<{ id: number; at: string }> {
  const { actor, ...rest } = entry;
  return t.rpc('fb_audit_record', { p_entry: { ...rest, actor: actor.id, team: actor.team, via: actor.via, params: entry.params ?? null } });
}

/** Entries after `afterId`, oldest first, at most `limit` (≤ 10,000): page with the last id. */
export async function auditPage(t: Transport, opts: { afterId?: number; limit?: number; subject?: string | null } = {}): Promise<AuditRecord[]> {
  const rows = await t.rpc<AuditRecord[]>('fb_audit_page', { p_after_id: opts.afterId ?? 0, p_limit: opts.limit ?? 1000, p_subject: opts.subject ?? null });
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Entries with `since` <= at < `until` (either may be absent) after `afterId`, oldest first, at most `limit` (≤ 10,000). */
export async function auditRange(t: Transport, opts: { since?: Date; until?: Date; afterId?: number; limit?: number } = {}): Promise<AuditRecord[]> {
  const rows = await t.rpc<AuditRecord[]>('fb_audit_range', {
    p_since: opts.since?.toISOString() ?? null, p_until: opts.until?.toISOString() ?? null, p_after_id: opts.afterId ?? 0, p_limit: opts.limit ?? 1000,
  });
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
