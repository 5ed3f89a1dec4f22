// Workflows: the timer scheduler. Claims due timers under a lease (FOR UPDATE SKIP LOCKED, so
// replicas share the work and a dead holder's timers are picked up when its lease runs out) and
// delivers each as an event through the runner.
import type { Transport } from '../store/transport.js';
import { claimTimers, dropTimer, releaseTimers, type ClaimedTimer } from '../store/timers.js';
import type { EngineObserver, Logger } from '../observability/observer.js';
import type { WorkflowRunner } from './runner.js';
import { Waker } from './waker.js';

export interface SchedulerOptions {
  store: Transport;
  runner: WorkflowRunner;
  owner: string;
  /** Longest sleep between polls; the config caps it at 250 ms. */
  pollIntervalMs?: number;
  batchSize?: number;
  leaseMs?: number;
  /** Deliveries in flight at once (different workflows step in parallel). */
  concurrency?: number;
  log: Logger;
  observer?: EngineObserver;
}

export class TimerScheduler {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private readonly waker = new Waker();
  private readonly pollIntervalMs: number;

  constructor(private readonly opts: SchedulerOptions) {
    this.pollIntervalMs = opts.pollIntervalMs ?? 250;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A timer was just committed `delayMs` from now: poll then instead of at the next interval. */
  wake(delayMs = 0): void {
    if (!this.running || delayMs >= this.pollIntervalMs) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    // Node timers can fire a millisecond early; the claim compares against the database clock.
    this.wakeTimer = setTimeout(() => this.waker.wake(), Math.max(0, delayMs) + 2);
  }

  /** Stops claiming, waits for deliveries in hand, gives back leases on anything not delivered. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.waker.wake();
    await this.loop;
    await releaseTimers(this.opts.store, this.opts.owner).catch((err: unknown) =>
      this.opts.log.warn({ err }, 'could not release timer leases; they expire by themselves'),
    );
  }

  private async run(): Promise<void> {
    const batchSize = this.opts.batchSize ?? 200;
    while (this.running) {
      let claimed: ClaimedTimer[] = [];
      try {
        // Claim what falls due before the next poll too, and fire each at its deadline.
        claimed = await claimTimers(this.opts.store, this.opts.owner, batchSize, this.opts.leaseMs ?? 30_000, this.pollIntervalMs);
        await this.deliverAll(claimed, performance.now());
      } catch (err) {
        this.opts.log.warn({ err }, 'timer poll failed; retrying');
      }
      if (claimed.length < batchSize) await this.waker.sleep(this.pollIntervalMs);
    }
  }

  private async deliverAll(timers: ClaimedTimer[], claimedAt: number): Promise<void> {
    const concurrency = this.opts.concurrency ?? 32;
    let next = 0;
    const worker = async () => {
      while (next < timers.length) {
        const timer = timers[next++]!;
        await this.deliver(timer, claimedAt);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, timers.length) }, worker));
  }

  private async deliver(timer: ClaimedTimer, claimedAt: number): Promise<void> {
    // Early by the database clock: wait out the rest (+2 ms, since Node timers may fire early).
    const earlyMs = -Number(timer.late_ms) - (performance.now() - claimedAt);
    if (earlyMs > 0) await new Promise((resolve) => setTimeout(resolve, earlyMs + 2));
    try {
      const outcome = await this.opts.runner.deliverTimer(timer);
      if (outcome.ok) {
        // Lateness at commit: how late the claim was (database clock) plus the time since.
        this.opts.observer?.timerDelivered?.(Number(timer.late_ms) + (performance.now() - claimedAt));
        return;
      }
      if (outcome.error.kind === 'not-found' || outcome.error.kind === 'not-active') {
        await dropTimer(this.opts.store, timer.id, Number(timer.generation));
      }
      // 'stale-timer': already gone or re-armed. 'failed': the store removed its timers.
      // 'contended': the lease runs out and the timer is delivered again.
      if (outcome.error.kind === 'contended') this.opts.log.warn({ workflow: timer.workflow_id }, outcome.error.message);
    } catch (err) {
      // Store unavailable: the lease expires and another poll delivers it.
      this.opts.log.warn({ err, workflow: timer.workflow_id, timer: timer.key }, 'timer delivery failed; will retry after lease');
    }
  }
}
