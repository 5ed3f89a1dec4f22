// Effects: the outbox dispatcher. Claims due effects under a lease, runs each type's handler, and
// records done / retry-with-backoff / dead. At-least-once: handlers make it safe with the
// effect's idempotency key.
import type { Transport } from '../store/transport.js';
import { claimEffects, completeEffects, failEffect, recordProgress, releaseEffects, type ClaimedEffect } from '../store/outbox.js';
import { groupCall } from '../store/group-call.js';
import type { EngineObserver, Logger } from '../observability/observer.js';
import type { Redactor } from '../observability/redact.js';
import { backoffDelay, type Backoff } from './backoff.js';
import type { EffectContext, EffectResult } from './effect.js';
import type { EffectRegistry } from './registry.js';
import { Waker } from '../workflows/waker.js';
import { failEffectWithin, parkEffect } from '../store/breakers.js';

export interface DispatcherOptions {
  store: Transport;
  registry: EffectRegistry;
  owner: string;
  /** Handlers running at once. */
  concurrency?: number;
  batchSize?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  backoff?: Backoff;
  /** Feeds a handler's result back to its workflow (the runner's send). */
  send: (workflowId: string, event: Parameters<EffectContext['send']>[0]) => Promise<void>;
  redact: Redactor;
  log: Logger;
  observer?: EngineObserver;
}

export class EffectDispatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly waker = new Waker();
  /** Effects done while the previous completion call is in the store are recorded together (group commit). */
  private readonly complete = groupCall((done: Array<{ id: number; result: unknown }>) => completeEffects(this.opts.store, this.opts.owner, done));

  constructor(private readonly opts: DispatcherOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Effects were just committed: claim now rather than at the next poll. */
  wake(): void {
    this.waker.wake();
  }

  /**
   * Stops claiming and gives in-flight handlers `graceMs` to finish; then aborts them and hands
   * their leases back so another replica runs them (with the same idempotency key).
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const settled = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // Aborted handlers get a moment to record their result before the leases are handed back.
      this.abort.abort();
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 1000))]);
    }
    await releaseEffects(this.opts.store, this.opts.owner).catch((err: unknown) =>
      this.opts.log.warn({ err: this.opts.redact(String(err)) }, 'could not release effect leases; they expire by themselves'),
    );
  }

  private async run(): Promise<void> {
    const concurrency = this.opts.concurrency ?? 64;
    const batchSize = this.opts.batchSize ?? 50;
    while (this.running) {
      const room = concurrency - this.inFlight.size;
      let claimed: ClaimedEffect[] = [];
      if (room > 0) {
        try {
          claimed = await claimEffects(this.opts.store, this.opts.owner, Math.min(room, batchSize), this.opts.leaseMs ?? 60_000);
        } catch (err) {
          this.opts.log.warn({ err: this.opts.redact(String(err)) }, 'outbox poll failed; retrying');
        }
      }
      for (const effect of claimed) this.track(this.execute(effect));
      if (claimed.length === 0 || this.inFlight.size >= concurrency) await this.idle();
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => {
      this.inFlight.delete(p);
      this.wake();
    });
  }

  private async execute(claimed: ClaimedEffect): Promise<void> {
    const started = performance.now();
    const spec = this.opts.registry.get(claimed.type);
    let result: EffectResult;
    if (!spec) {
      // Perhaps a newer replica knows it (rolling deploy): retry, and go dead if none ever does.
      result = { ok: false, error: { kind: 'retry', message: `no handler registered for effect type ${claimed.type}` } };
    } else {
      try {
        result = await spec.handler(this.effectOf(claimed), this.contextOf(claimed));
      } catch (err) {
        result = { ok: false, error: { kind: 'retry', message: err instanceof Error ? err.message : String(err) } };
      }
    }
    await this.record(claimed, result, performance.now() - started);
  }

  private async record(claimed: ClaimedEffect, result: EffectResult, durationMs: number): Promise<void> {
    const { store, owner, observer } = this.opts;
    try {
      if (result.ok) {
        await this.complete({ id: Number(claimed.id), result: result.value ?? null });
        observer?.effectFinished?.(claimed.type, 'done', claimed.attempt, durationMs);
        return;
      }
      const message = this.opts.redact(result.error.message).slice(0, 2000);
      if (result.error.kind === 'vendor-down') {
        // Nothing was sent: parked unspent until the vendor's breaker closes (vendor-gate.ts).
        await parkEffect(store, Number(claimed.id), owner, result.error.vendor, message);
        observer?.effectFinished?.(claimed.type, 'retry', claimed.attempt, durationMs);
        return;
      }
      const retryMs =
        result.error.kind === 'give-up'
          ? null
          : (result.error.retryAfterMs ?? backoffDelay(claimed.attempt, this.opts.backoff ?? { initialMs: 1000, maxMs: 300_000 }));
      const budgetMs = this.opts.registry.retryForMs(claimed.type);
      const throttled = result.error.kind === 'rate-limited';
      const r =
        budgetMs === null
          ? await failEffect(store, Number(claimed.id), owner, message, retryMs, throttled)
          : await failEffectWithin(store, Number(claimed.id), owner, message, retryMs, throttled, budgetMs);
      observer?.effectFinished?.(claimed.type, r.dead ? 'dead' : 'retry', claimed.attempt, durationMs);
      const level = r.dead ? 'error' : 'warn';
      this.opts.log[level]({ effect: claimed.type, workflow: claimed.workflow_id, attempt: claimed.attempt, error: message }, r.dead ? 'effect dead' : 'effect failed; will retry');
      if (r.dead) await this.dead(claimed, message);
    } catch (err) {
      // The store is down: the lease runs out and the effect is claimed again, same idempotency key.
      this.opts.log.warn({ err: this.opts.redact(String(err)), effect: claimed.type }, 'could not record effect result');
    }
  }

  /** Tells the effect's workflow it is dead, if its type asks to (best effort: the timeline has it already). */
  private async dead(claimed: ClaimedEffect, message: string): Promise<void> {
    const onDead = this.opts.registry.get(claimed.type)?.onDead;
    if (!onDead) return;
    try {
      await onDead(this.effectOf(claimed), message, this.contextOf(claimed));
    } catch (err) {
      this.opts.log.warn({ err: this.opts.redact(String(err)), effect: claimed.type }, 'could not report a dead effect to its workflow');
    }
  }

  private effectOf(claimed: ClaimedEffect) {
    return {
      id: Number(claimed.id), type: claimed.type, params: claimed.params, workflowId: claimed.workflow_id,
      idempotencyKey: claimed.idempotency_key, attempt: claimed.attempt,
      // Retries bounded by time: no attempt is the last by its number (onDead says when time ran out).
      maxAttempts: this.opts.registry.retryForMs(claimed.type) === null ? claimed.max_attempts : Number.POSITIVE_INFINITY,
      done: claimed.progress ?? [],
    };
  }

  private contextOf(claimed: ClaimedEffect): EffectContext {
    return {
      signal: this.abort.signal,
      send: (event) => this.opts.send(claimed.workflow_id, event),
      progress: (part) => recordProgress(this.opts.store, Number(claimed.id), this.opts.owner, part),
    };
  }

  private idle(): Promise<void> {
    return this.waker.sleep(this.opts.pollIntervalMs ?? 250);
  }
}
