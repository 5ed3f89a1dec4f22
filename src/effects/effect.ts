// Effects: what a handler receives and answers. Errors are values: the kind decides retry or give-up.

export interface Effect<P = Record<string, unknown>> {
  id: number;
  type: string;
  params: P;
  workflowId: string;
  /** Stable across every attempt: pass it to the outside system (PagerDuty dedup_key, …). */
  idempotencyKey: string;
  attempt: number;
  maxAttempts: number;
  /** Parts earlier attempts recorded with `ctx.progress` (on any replica): do not repeat them. */
  done?: readonly string[];
}

export type EffectError =
  /** Transient: try again after the backoff, or after `retryAfterMs` (Slack's Retry-After). */
  | { kind: 'retry'; message: string; retryAfterMs?: number }
  /**
   * The vendor asked us to slow down (HTTP 429): try again after `retryAfterMs`. Not the effect's
   * fault, so it does not use up an attempt (up to a bound, so a vendor that never recovers still ends).
   */
  | { kind: 'rate-limited'; message: string; retryAfterMs: number }
  /** Permanent: record it and stop (a 400 from the vendor, a missing scope). */
  | { kind: 'give-up'; message: string }
  /**
   * The vendor's breaker is open (vendor-gate.ts): nothing was sent. The effect is parked without
   * spending an attempt and resumes when a probe finds the vendor back.
   */
  | { kind: 'vendor-down'; vendor: string; message: string };

export type EffectResult = { ok: true; value?: unknown } | { ok: false; error: EffectError };

export interface EffectContext {
  /** Aborted when shutdown's grace period runs out. */
  signal: AbortSignal;
  /** Feeds a fact back to the effect's workflow (e.g. the Slack channel id that was created). */
  send(event: { type: string; [k: string]: unknown }): Promise<void>;
  /** Records that one part of a multi-part effect got through, durably (it comes back in `done`). */
  progress?(part: string): Promise<void>;
}

export type EffectHandler<P = Record<string, unknown>> = (effect: Effect<P>, ctx: EffectContext) => Promise<EffectResult>;

export interface EffectSpec<P = Record<string, unknown>> {
  handler: EffectHandler<P>;
  /** Effects with the same ordering key run in commit order (one Slack channel, one PD incident). */
  orderingKey?: (params: P, workflowId: string) => string | null;
  maxAttempts?: number;
  /** How long a failing effect of this type is retried before it goes dead (the registry's default otherwise). */
  retryForMs?: number;
  /**
   * The effect went dead (attempts used up, given up, or the 429 bound reached): tell the workflow
   * what was lost, whatever way the last attempt ended (even a throw). The dead effect is already
   * on the timeline; this is for what the workflow itself must show (a failed page on the summary).
   */
  onDead?: (effect: Effect<P>, error: string, ctx: EffectContext) => Promise<void>;
}
