// Effects: a token bucket — at most `ratePerS` calls a second after a burst of `burst`. The vendor
// gate paces a vendor's calls with one while its waiting effects drain after an outage, so recovery
// is not a thundering herd of calls that Slack answers with 429s.

export interface TokenBucketOptions {
  ratePerS: number;
  /** Calls allowed back to back before the rate applies (at least 1). */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Callers waiting, served in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: TokenBucketOptions) {
    this.capacity = Math.max(1, opts.burst ?? 1);
    this.now = opts.now ?? (() => performance.now());
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Resolves when the caller may make one call. */
  take(): Promise<void> {
    this.waiting++;
    const turn = this.queue.then(() => this.takeOne()).finally(() => this.waiting--);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** About how long a caller arriving now would wait for its turn (the callers ahead of it at the rate). */
  expectedWaitMs(): number {
    const t = this.now();
    const tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.opts.ratePerS);
    return Math.max(0, ((this.waiting + 1 - tokens) / this.opts.ratePerS) * 1000);
  }

  private async takeOne(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.opts.ratePerS);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.opts.ratePerS) * 1000));
    }
  }
}
