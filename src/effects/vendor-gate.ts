// Effects: one breaker per vendor (Slack, PagerDuty, each paging webhook), in the store so replicas
// share it. Every port call goes through the gate: while the vendor's breaker is open nothing is sent
// (the call answers `vendor-down` and the dispatcher parks the effect without spending an attempt);
// consecutive failures open it; a cheap probe (Slack auth.test, an empty PagerDuty event) closes it,
// which resumes the parked effects at a pace, and the gate then paces the vendor's calls with a token
// bucket until the backlog has drained.
import type { Transport } from '../store/transport.js';
import { breakerFailed, breakerSucceeded, claimProbe, closeBreaker, listBreakers, type BreakerRow } from '../store/breakers.js';
import type { Logger } from '../observability/observer.js';
import type { Redactor } from '../observability/redact.js';
import type { EffectError } from './effect.js';
import type { PortResult } from './ports.js';
import { TokenBucket } from './token-bucket.js';

export interface VendorSettings {
  /** Consecutive failed calls (any replica) that open the breaker. */
  failuresToOpen: number;
  /** How often an open breaker is probed (one replica probes each interval). */
  probeIntervalMs: number;
  /** Calls a second to the vendor while effects that waited drain after an outage. */
  ratePerS: number;
}

export const DEFAULT_VENDOR_SETTINGS: VendorSettings = { failuresToOpen: 5, probeIntervalMs: 15_000, ratePerS: 5 };

/** A cheap call that proves the vendor answers again; without one the breaker closes after one interval (half-open by trial). */
export type Probe = () => Promise<PortResult<unknown>>;

export interface VendorGateOptions {
  store: Transport;
  log: Logger;
  redact: Redactor;
  settings?: (vendor: string) => VendorSettings;
  probes?: Record<string, Probe>;
  /** An effect type queued once when this vendor comes back (Slack: the outage recap). */
  recapEffect?: Record<string, string>;
  /** How often the breakers are re-read from the store (another replica may have opened one). */
  refreshMs?: number;
  /** Called after each state change this replica sees (logs and the start-up notice). */
  onChange?: (change: VendorChange) => void;
  now?: () => number;
}

export type VendorChange =
  | { vendor: string; state: 'open'; error: string | null }
  | { vendor: string; state: 'closed'; downMs: number; resumed: number };

interface Known {
  open: boolean;
  /** Local ms when it opened (from the store's down_ms), for fallback decisions. */
  openedAt: number | null;
  /** Local failures seen since the last success: a success is reported to the store only then. */
  dirty: boolean;
  waiting: number;
  /** Calls are paced until then (local ms). */
  pacedUntil: number;
  bucket: TokenBucket | null;
}

/** After the waiting effects' share of the window, calls stay paced this much longer. */
const PACING_TAIL_MS = 30_000;
/**
 * The longest a call waits in line for its turn; beyond it the effect is handed back (as a throttle,
 * no attempt spent) to come back when its turn is near, so no handler sits on its lease or on a
 * dispatcher slot while a backlog drains.
 */
const MAX_TURN_WAIT_MS = 2_000;

export class VendorGate {
  private readonly known = new Map<string, Known>();
  private rows: BreakerRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: VendorGateOptions) {
    this.now = opts.now ?? Date.now;
  }

  settingsOf(vendor: string): VendorSettings {
    return this.opts.settings?.(vendor) ?? DEFAULT_VENDOR_SETTINGS;
  }

  /** Is the vendor's breaker open, and since when (local ms)? */
  isDown(vendor: string): { down: boolean; forMs: number } {
    const k = this.known.get(vendor);
    return k?.open ? { down: true, forMs: k.openedAt === null ? 0 : this.now() - k.openedAt } : { down: false, forMs: 0 };
  }

  /** The breakers as last read from the store (/metrics). */
  breakers(): readonly BreakerRow[] {
    return this.rows;
  }

  /** The port, with every method gated and paced under `vendor` (or the vendor `vendorOf` names for a call). */
  gate<T extends object>(vendor: string, port: T, vendorOf?: (method: string, args: unknown[]) => string): T {
    const wrapped = new Map<string, (...args: unknown[]) => unknown>();
    return new Proxy(port, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        let method = wrapped.get(prop);
        if (!method) {
          const call = value as (...args: unknown[]) => Promise<unknown>;
          method = async (...args: unknown[]) => {
            const name = vendorOf?.(prop, args) ?? vendor;
            const refused = await this.admit(name);
            if (refused) return { ok: false, error: refused };
            let answer: unknown;
            try {
              answer = await call.apply(target, args);
            } catch (err) {
              await this.report(name, { ok: false, error: { kind: 'retry', message: err instanceof Error ? err.message : String(err) } });
              throw err;
            }
            await this.report(name, answer as PortResult<unknown>);
            return answer;
          };
          wrapped.set(prop, method);
        }
        return method;
      },
    });
  }

  /** Null when the call may go (after its turn in the bucket while pacing); the error to answer when the vendor is down. */
  async admit(vendor: string): Promise<EffectError | null> {
    const k = this.knownOf(vendor);
    if (k.open) return { kind: 'vendor-down', vendor, message: `${vendor} is unreachable (breaker open); waiting for it to come back` };
    if (k.pacedUntil > this.now()) {
      k.bucket ??= new TokenBucket({ ratePerS: this.settingsOf(vendor).ratePerS });
      const wait = k.bucket.expectedWaitMs();
      if (wait > MAX_TURN_WAIT_MS) return { kind: 'rate-limited', message: `${vendor}: paced after an outage; waiting for a turn`, retryAfterMs: Math.ceil(wait) };
      await k.bucket.take();
    }
    return null;
  }

  /** A call's outcome: a transient failure (5xx, timeout, refused connection) counts toward opening. */
  async report(vendor: string, result: PortResult<unknown>): Promise<void> {
    const k = this.knownOf(vendor);
    try {
      if (!result.ok && result.error.kind === 'retry') {
        k.dirty = true;
        const r = await breakerFailed(this.opts.store, vendor, this.opts.redact(result.error.message), this.settingsOf(vendor).failuresToOpen);
        if (r.state === 'open' && !k.open) this.sawOpen(vendor, k, 0, result.error.message);
      } else if (result.ok && k.dirty) {
        k.dirty = false;
        await breakerSucceeded(this.opts.store, vendor);
      }
    } catch (err) {
      // The store is down too: the outbox's own retry covers the effect; the breaker catches up later.
      this.opts.log.warn({ err: this.opts.redact(String(err)), vendor }, 'could not record a vendor call on its breaker');
    }
  }

  start(): void {
    if (this.timer) return;
    const loop = () => {
      this.timer = setTimeout(() => {
        void this.tick().finally(() => {
          if (this.timer) loop();
        });
      }, this.opts.refreshMs ?? 1_000);
      this.timer.unref();
    };
    loop();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Re-reads the breakers and probes the open ones that are due (the drill calls it on its clock). */
  tick(): Promise<void> {
    return (this.ticking ??= this.refreshAndProbe().finally(() => (this.ticking = undefined)));
  }

  private async refreshAndProbe(): Promise<void> {
    try {
      await this.refresh();
      for (const row of this.rows) if (row.state === 'open') await this.probe(row.vendor);
    } catch (err) {
      this.opts.log.warn({ err: this.opts.redact(String(err)) }, 'could not read or probe the vendor breakers');
    }
  }

  private async refresh(): Promise<void> {
    this.rows = await listBreakers(this.opts.store);
    for (const row of this.rows) {
      const k = this.knownOf(row.vendor);
      if (row.state === 'open' && !k.open) this.sawOpen(row.vendor, k, Number(row.down_ms), row.last_error);
      else if (row.state === 'closed' && k.open) this.sawClosed(row.vendor, k, k.waiting);
      if (row.state === 'open') k.waiting = Number(row.waiting);
      // Failures another replica counted: our next success resets them too.
      else if (Number(row.failures) > 0) k.dirty = true;
    }
  }

  private async probe(vendor: string): Promise<void> {
    const { probeIntervalMs, ratePerS } = this.settingsOf(vendor);
    if (!(await claimProbe(this.opts.store, vendor, probeIntervalMs))) return;
    const probe = this.opts.probes?.[vendor];
    const r = probe ? await probe().catch((err: unknown) => ({ ok: false as const, error: { kind: 'retry' as const, message: String(err) } })) : { ok: true as const, value: null };
    // A 4xx answer is an answer: the vendor is up (it refused what we sent, as the probe expects or not).
    if (!r.ok && r.error.kind !== 'give-up') {
      this.opts.log.info({ vendor, error: this.opts.redact(r.error.message) }, `${vendor} still unreachable; probing again in ${Math.round(probeIntervalMs / 1000)}s`);
      return;
    }
    const closed = await closeBreaker(this.opts.store, vendor, ratePerS, this.opts.recapEffect?.[vendor] ?? null);
    if (closed.closed) this.sawClosed(vendor, this.knownOf(vendor), closed.resumed ?? 0);
  }

  private sawOpen(vendor: string, k: Known, downMs: number, error: string | null): void {
    k.open = true;
    k.openedAt = this.now() - downMs;
    this.opts.onChange?.({ vendor, state: 'open', error: error === null ? null : this.opts.redact(error) });
  }

  private sawClosed(vendor: string, k: Known, resumed: number): void {
    const downMs = k.openedAt === null ? 0 : this.now() - k.openedAt;
    k.open = false;
    k.openedAt = null;
    k.dirty = false;
    k.waiting = 0;
    const { ratePerS } = this.settingsOf(vendor);
    k.pacedUntil = this.now() + (resumed / ratePerS) * 1000 + PACING_TAIL_MS;
    this.opts.onChange?.({ vendor, state: 'closed', downMs, resumed });
  }

  private knownOf(vendor: string): Known {
    let k = this.known.get(vendor);
    if (!k) {
      k = { open: false, openedAt: null, dirty: false, waiting: 0, pacedUntil: 0, bucket: null };
      this.known.set(vendor, k);
    }
    return k;
  }
}

/** One log line per change, as the issue asks: when a vendor went away and when it came back. */
export function logVendorChange(log: Logger, change: VendorChange): void {
  if (change.state === 'open') {
    log.warn({ vendor: change.vendor, breaker: 'open', error: change.error }, `${change.vendor} is unreachable: its effects wait (no attempts spent) until a probe finds it back`);
  } else {
    log.info(
      { vendor: change.vendor, breaker: 'closed', downMs: change.downMs, resumed: change.resumed },
      `${change.vendor} is back after ${Math.round(change.downMs / 1000)}s: ${change.resumed} waiting effect(s) resume, paced`,
    );
  }
}
