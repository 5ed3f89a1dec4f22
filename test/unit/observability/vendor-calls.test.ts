// Tests: a metered port counts each vendor call by method and outcome and changes nothing else.
import { describe, expect, it } from 'vitest';
import { meteredPort } from '../../../src/observability/vendor-calls.js';
import type { PortResult } from '../../../src/effects/ports.js';

class FakePager {
  #answers: Array<PortResult | Error>;
  constructor(answers: Array<PortResult | Error>) {
    this.#answers = answers;
  }
  async trigger(dedupKey: string): Promise<PortResult<{ dedupKey: string }>> {
    const next = this.#answers.shift()!;
    if (next instanceof Error) throw next;
    return next.ok ? { ok: true, value: { dedupKey } } : next;
  }
  describe(): string {
    return `pager with ${this.#answers.length} answers left`;
  }
}

describe('meteredPort', () => {
  it('counts ok and each error kind under the vendor and method, and returns the answer unchanged', async () => {
    const calls: string[] = [];
    const pager = meteredPort('pagerduty', new FakePager([
      { ok: true, value: undefined },
      { ok: false, error: { kind: 'retry', message: '502' } },
      { ok: false, error: { kind: 'rate-limited', message: '429', retryAfterMs: 1000 } },
      { ok: false, error: { kind: 'give-up', message: '400' } },
    ]), (vendor, method, outcome) => calls.push(`${vendor} ${method} ${outcome}`));

    expect(await pager.trigger('inc-1')).toEqual({ ok: true, value: { dedupKey: 'inc-1' } });
    expect(await pager.trigger('inc-1')).toEqual({ ok: false, error: { kind: 'retry', message: '502' } });
    await pager.trigger('inc-1');
    await pager.trigger('inc-1');
    expect(calls).toEqual(['pagerduty trigger ok', 'pagerduty trigger retry', 'pagerduty trigger rate-limited', 'pagerduty trigger give-up']);
  });

  it('counts a throw as "error" and rethrows it', async () => {
    const calls: string[] = [];
    const boom = new Error('socket hang up');
    const pager = meteredPort('pagerduty', new FakePager([boom]), (_v, method, outcome) => calls.push(`${method} ${outcome}`));
    await expect(pager.trigger('inc-1')).rejects.toBe(boom);
    expect(calls).toEqual(['trigger error']);
  });

  it("keeps the adapter's own this (private fields work) and counts no synchronous method (not a vendor call)", () => {
    const calls: string[] = [];
    const pager = meteredPort('pagerduty', new FakePager([]), (_v, method, outcome) => calls.push(`${method} ${outcome}`));
    expect(pager.describe()).toBe('pager with 0 answers left');
    expect(calls).toEqual([]);
  });
});
