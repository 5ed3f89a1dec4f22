import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/effects/token-bucket.js';

/** A clock that moves only when the bucket sleeps. */
function virtualClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), at: () => t };
}

describe('TokenBucket', () => {
  it('lets the burst through at once, then one call per 1/rate seconds, in arrival order', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ ratePerS: 10, burst: 2, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, async () => {
      await bucket.take();
      times.push(clock.at());
    }));
    expect(times).toEqual([0, 0, 100, 200, 300, 400]);
  });

  it('never allows more than rate + burst calls in any one-second window', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket({ ratePerS: 25, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      await bucket.take();
      times.push(clock.at());
    }
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBeLessThanOrEqual(26);
    expect(times.at(-1)).toBe(199 * 40);
  });
});

describe('TokenBucket.expectedWaitMs', () => {
  it('grows with the callers in line, at the rate', async () => {
    let t = 0;
    const sleeps: Array<() => void> = [];
    const bucket = new TokenBucket({ ratePerS: 10, now: () => t, sleep: () => new Promise<void>((r) => sleeps.push(r)) });
    expect(bucket.expectedWaitMs()).toBe(0);
    void bucket.take(); // takes the one token
    await Promise.resolve();
    void bucket.take();
    void bucket.take();
    await new Promise((r) => setTimeout(r, 0));
    // Two waiting, no token: a third arrival waits for three turns of 100 ms.
    expect(bucket.expectedWaitMs()).toBe(300);
    t = 100;
    expect(bucket.expectedWaitMs()).toBe(200);
  });
});
