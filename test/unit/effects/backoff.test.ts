import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/effects/backoff.js';

describe('backoffDelay', () => {
  const b = { initialMs: 1000, maxMs: 60_000 };

  it('doubles per attempt, between half and all of the exponential step', () => {
    expect(backoffDelay(1, b, () => 0)).toBe(500);
    expect(backoffDelay(1, b, () => 1)).toBe(1000);
    expect(backoffDelay(3, b, () => 0)).toBe(2000);
    expect(backoffDelay(3, b, () => 1)).toBe(4000);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, b, () => 1)).toBe(60_000);
    expect(backoffDelay(30, b, () => 0)).toBe(30_000);
  });
});
