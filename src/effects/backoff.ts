// Effects: when to try a failed effect again — exponential, capped, with jitter so a burst of
// failures (a vendor outage) does not come back as a synchronized burst of retries.

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** Delay before attempt `attempt + 1`, "equal jitter": half fixed, half random. */
export function backoffDelay(attempt: number, b: Backoff, random: () => number = Math.random): number {
  const exp = Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
