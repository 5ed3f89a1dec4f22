// Store: typed calls to the outbox functions (claim under a lease, complete, fail/retry/dead, release).
import type { SqlTransport, Transport } from './transport.js';

export interface ClaimedEffect {
  id: number;
  workflow_id: string;
  type: string;
  params: Record<string, unknown>;
  idempotency_key: string;
  ordering_key: string | null;
  attempt: number;
  max_attempts: number;
  /** Parts of the effect earlier attempts recorded as done (see recordProgress). */
  progress?: string[];
}

export interface OutboxRow {
  id: number;
  type: string;
  params: Record<string, unknown>;
  idempotency_key: string;
  ordering_key: string | null;
  status: 'pending' | 'running' | 'done' | 'dead';
  attempts: number;
  /** Tries the vendor throttled (429); they do not count as attempts. */
  throttles: number;
  last_error: string | null;
  result: unknown;
}

export function claimEffects(t: Transport, owner: string, limit: number, leaseMs: number): Promise<ClaimedEffect[]> {
  return t.rpc<ClaimedEffect[]>('fb_outbox_claim', { p_owner: owner, p_limit: limit, p_lease_ms: leaseMs });
}

/** Part `part` of a claimed effect got through: no later attempt, on any replica, repeats it. */
export async function recordProgress(t: Transport, id: number, owner: string, part: string): Promise<void> {
  await t.rpc('fb_outbox_progress', { p_id: id, p_owner: owner, p_part: part });
}

/** Several effects done in one call; answers, for each, whether it was still ours to complete. */
export async function completeEffects(t: Transport, owner: string, done: ReadonlyArray<{ id: number; result: unknown }>): Promise<boolean[]> {
  const completed = await t.rpc<Array<number | string>>('fb_outbox_complete_many', {
    p_done: done.map((d) => ({ id: d.id, result: d.result ?? null })), p_owner: owner,
  });
  const ids = new Set(completed.map(Number));
  return done.map((d) => ids.has(d.id));
}

/**
 * retryMs null gives up now; otherwise the store gives up by itself once attempts are used up.
 * A throttled attempt (the vendor said 429) is given back, up to a bound.
 */
export function failEffect(
  t: Transport,
  id: number,
  owner: string,
  error: string,
  retryMs: number | null,
  throttled = false,
): Promise<{ ok: boolean; dead?: boolean }> {
  return t.rpc('fb_outbox_fail', { p_id: id, p_owner: owner, p_error: error, p_retry_ms: retryMs, p_throttled: throttled });
}

export async function releaseEffects(t: Transport, owner: string): Promise<number> {
  const r = await t.rpc<{ released: number }>('fb_outbox_release', { p_owner: owner });
  return r.released;
}

export function listEffects(t: Transport, workflowId: string): Promise<OutboxRow[]> {
  return t.rpc<OutboxRow[]>('fb_outbox_list', { p_workflow_id: workflowId });
}

/**
 * The engine's backlog across all replicas, for /metrics. Read from live rows only (partial indexes),
 * so it costs the same however much history the store holds. Ages are seconds by the database clock.
 */
export interface EngineStats {
  workflows_active: number;
  workflows_failed: number;
  timers_pending: number;
  /** The most overdue undelivered timer's lateness; 0 when none is due. */
  timers_overdue_seconds: number;
  /** Not yet done: waiting, backing off, or running. */
  outbox_pending: number;
  outbox_running: number;
  /** Age of the oldest effect not yet done; 0 when none. */
  outbox_oldest_pending_seconds: number;
  outbox_dead: number;
}

export function engineStats(t: Transport): Promise<EngineStats> {
  return t.rpc<EngineStats>('fb_engine_stats', {});
}

/**
 * Whether an effect is running, or pending, due and not held behind an earlier one of its ordering
 * key: what a rehearsal (the drill, tests) waits out before it moves its virtual clock on.
 */
export async function effectsRunnable(t: SqlTransport): Promise<boolean> {
  const [row] = await t.query<{ busy: boolean }>(
    `select exists (
       select 1 from outbox o
        where o.status = 'running'
           or (o.status = 'pending' and o.next_attempt_at <= now()
               and (o.ordering_key is null or not exists (
                     select 1 from outbox p where p.ordering_key = o.ordering_key and p.id < o.id and p.status in ('pending', 'running'))))
     ) as busy`,
  );
  return row?.busy ?? false;
}
