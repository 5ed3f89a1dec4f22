// Store: per-user rate limits (access.limits), counted in the database so every replica shares them.
import type { Transport } from './transport.js';

export type Spent = { ok: true; count: number } | { ok: false; count: number; retryAfterMs: number };

/**
 * Counts one use of `key` (e.g. `page:U123`) in the current fixed window of `windowMs`, unless `max`
 * were already used there: then nothing is counted and the answer says when the window ends.
 */
export async function spendLimit(t: Transport, key: string, windowMs: number, max: number): Promise<Spent> {
  const r = await t.rpc<{ ok: boolean; count: number; retry_after_ms: number }>('fb_access_spend', { p_key: key, p_window_ms: windowMs, p_max: max });
  return r.ok ? { ok: true, count: Number(r.count) } : { ok: false, count: Number(r.count), retryAfterMs: Number(r.retry_after_ms) };
}
