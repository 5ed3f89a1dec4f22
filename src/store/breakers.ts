// Store: typed calls to the vendor breaker functions (open on failures, probe, close and resume) and
// the outbox calls an outage needs (park an effect, fail within a time budget, superseded).
import type { Transport } from './transport.js';

export interface BreakerRow {
  vendor: string;
  state: 'closed' | 'open';
  failures: number;
  opened_at: string | null;
  closed_at: string | null;
  last_error: string | null;
  /** How long it has been open, by the database clock; 0 when closed. */
  down_ms: number;
  /** Effects parked until it closes. */
  waiting: number;
}

export function listBreakers(t: Transport): Promise<BreakerRow[]> {
  return t.rpc<BreakerRow[]>('fb_breakers', {});
}

export function breakerFailed(t: Transport, vendor: string, error: string, threshold: number): Promise<{ state: 'closed' | 'open'; opened: boolean; opened_at: string | null }> {
  return t.rpc('fb_breaker_failed', { p_vendor: vendor, p_error: error, p_threshold: threshold });
}

export async function breakerSucceeded(t: Transport, vendor: string): Promise<void> {
  await t.rpc('fb_breaker_succeeded', { p_vendor: vendor });
}

/** True when this replica won the probe for this interval. */
export async function claimProbe(t: Transport, vendor: string, intervalMs: number): Promise<boolean> {
  const r = await t.rpc<{ due: boolean }>('fb_breaker_probe_due', { p_vendor: vendor, p_interval_ms: intervalMs });
  return r.due;
}

export interface BreakerClosed {
  closed: boolean;
  opened_at?: string;
  closed_at?: string;
  resumed?: number;
}

/** Closes the breaker, resumes its parked effects `pacePerS` a second, and (for Slack) queues the recap effect. */
export function closeBreaker(t: Transport, vendor: string, pacePerS: number, recapType: string | null): Promise<BreakerClosed> {
  return t.rpc<BreakerClosed>('fb_breaker_close', { p_vendor: vendor, p_pace_per_s: pacePerS, p_recap_type: recapType });
}

/** Hands a claimed effect back unspent, parked until `vendor`'s breaker closes (or retried at once if it already has). */
export function parkEffect(t: Transport, id: number, owner: string, vendor: string, error: string): Promise<{ ok: boolean; parked: boolean }> {
  return t.rpc('fb_outbox_park', { p_id: id, p_owner: owner, p_vendor: vendor, p_error: error });
}

/** A failed attempt retried while the effect is younger than `budgetMs`; dead (on the timeline) after, or when retryMs is null. */
export function failEffectWithin(
  t: Transport,
  id: number,
  owner: string,
  error: string,
  retryMs: number | null,
  throttled: boolean,
  budgetMs: number,
): Promise<{ ok: boolean; dead?: boolean }> {
  return t.rpc('fb_outbox_fail_within', { p_id: id, p_owner: owner, p_error: error, p_retry_ms: retryMs, p_throttled: throttled, p_budget_ms: budgetMs });
}

/** A later effect of this type and ordering key is still to run: this one is stale. */
export async function isSuperseded(t: Transport, id: number, type: string, orderingKey: string): Promise<boolean> {
  const r = await t.rpc<{ superseded: boolean }>('fb_outbox_superseded', { p_id: id, p_type: type, p_ordering_key: orderingKey });
  return r.superseded;
}

/** Incident ids with something on their timeline (or declared) between the two times, by number. */
export function incidentsChangedBetween(t: Transport, from: string, to: string, limit = 50): Promise<string[]> {
  return t.rpc<string[]>('fb_incidents_changed_between', { p_from: from, p_to: to, p_limit: limit });
}
