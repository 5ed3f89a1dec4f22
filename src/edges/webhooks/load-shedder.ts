// Edge: sheds load early. When more deliveries are waiting on the store than it can clear within
// the senders' deadlines (Sentry gives 1 s), answer 503 at once — a late 2xx is a timeout to the
// sender and a retry storm from the rest; a fast 503 is a clean retry.

export class LoadShedder {
  private inFlight = 0;
  shed = 0;

  constructor(private readonly maxInFlight: number) {}

  /** Runs `task` unless the store is saturated; `undefined` means: answer 503 now. */
  async run<T>(task: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.inFlight >= this.maxInFlight) {
      this.shed++;
      return undefined;
    }
    this.inFlight++;
    try {
      return { value: await task() };
    } finally {
      this.inFlight--;
    }
  }

  get current(): number {
    return this.inFlight;
  }
}
