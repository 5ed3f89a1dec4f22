// Store: typed calls to the timer functions (claim under a lease, drop, next due, release).
import type { Transport } from './transport.js';
import type { StoredWorkflow } from './workflows.js';

export interface ClaimedTimer {
  id: number;
  workflow_id: string;
  key: string;
  generation: number;
  event: { type: string; [k: string]: unknown };
  due_at: string;
  /** How late the claim was, by the database clock (negative: due that many ms from now). */
  late_ms: number;
  /** The workflow as it was when the timer was claimed (saves a load; the commit's version check still guards). */
  workflow?: StoredWorkflow;
}

/** Due timers, and (lookaheadMs) those due that soon; `late_ms` is negative for the early ones. */
export function claimTimers(t: Transport, owner: string, limit: number, leaseMs: number, lookaheadMs = 0): Promise<ClaimedTimer[]> {
  return t.rpc<ClaimedTimer[]>('fb_timers_claim', { p_owner: owner, p_limit: limit, p_lease_ms: leaseMs, p_lookahead_ms: lookaheadMs });
}

export async function dropTimer(t: Transport, id: number, generation: number): Promise<void> {
  await t.rpc('fb_timer_drop', { p_id: id, p_generation: generation });
}

export async function releaseTimers(t: Transport, owner: string): Promise<number> {
  const r = await t.rpc<{ released: number }>('fb_timers_release', { p_owner: owner });
  return r.released;
}
