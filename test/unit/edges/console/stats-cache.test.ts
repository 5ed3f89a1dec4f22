// Edge (console): /stats' figures per (period, service) — the weekly figures and the targets met read
// together, once per key per TTL, a failed read not kept.
import { describe, expect, it } from 'vitest';
import { cachedStats } from '../../../../src/edges/console/stats-cache.js';
import type { StatsSource } from '../../../../src/edges/console/routes.js';
import type { TargetShares } from '../../../../src/reports/index.js';

const shares = (service: string | null): TargetShares => ({
  from: '', to: '', service, targets: {}, bySeverity: [], total: { incidents: 0, measures: [], overall: { met: 0, missed: 0, pending: 0, unmeasured: 0, metShare: null } }, noTarget: { incidents: 0, bySeverity: [] },
});

describe('cachedStats', () => {
  it('reads the weeks and the targets met for the same period and service, once per key until the TTL passes', async () => {
    let t = 1_000_000;
    const calls: string[] = [];
    let fail = false;
    const source: StatsSource = {
      async weekly({ from, to, service }) {
        calls.push(`weekly ${to.getTime() - from.getTime()} ${service}`);
        return [];
      },
      async targets({ from, to, service }) {
        calls.push(`targets ${new Date(to).getTime() - new Date(from).getTime()} ${service}`);
        if (fail) throw new Error('store down');
        return shares(service ?? null);
      },
    };
    const stats = cachedStats(source, { ttlMs: 30_000, now: () => t });
    const a = await stats(30, 'checkout');
    expect(a.targets.service).toBe('checkout');
    await stats(30, 'checkout');
    expect(calls).toEqual([`weekly ${30 * 86_400_000} checkout`, `targets ${30 * 86_400_000} checkout`]);
    t += 30_001;
    fail = true;
    await expect(stats(30, 'checkout')).rejects.toThrow('store down');
    fail = false;
    await stats(30, 'checkout');
    expect(calls).toHaveLength(6); // the failed read was not kept
  });
});
