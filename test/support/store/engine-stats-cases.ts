// Test support: the engine-stats behaviour every SQL transport must show (PGlite and PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlTransport } from '../../../src/store/transport.js';
import { engineStats } from '../../../src/store/outbox.js';
import { engineStatsPlan, fillHistory, GROWING_TABLES } from './engine-stats.js';

export function describeEngineStats(name: string, open: () => Promise<SqlTransport>, opts: { analyze: boolean }): void {
  describe(`fb_engine_stats on ${name}`, () => {
    let store: SqlTransport;
    beforeAll(async () => {
      store = await open();
      await fillHistory(store, { doneEffects: 100_000, doneWorkflows: 20_000 });
      // PostgreSQL's autovacuum analyzes a table that grew this much; PGlite runs no autovacuum.
      if (opts.analyze) await store.exec('analyze');
    }, 120_000);
    afterAll(() => store?.close());

    it('counts only the live rows among 100,000 done effects and 20,000 finished workflows', async () => {
      const stats = await engineStats(store);
      expect(stats).toMatchObject({
        workflows_active: 7, workflows_failed: 2, timers_pending: 4, outbox_pending: 5, outbox_running: 2, outbox_dead: 3,
      });
      expect(stats.timers_overdue_seconds).toBeGreaterThanOrEqual(90);
      expect(stats.timers_overdue_seconds).toBeLessThan(90 + 60);
      expect(stats.outbox_oldest_pending_seconds).toBeGreaterThanOrEqual(60 * 60);
      expect(stats.outbox_oldest_pending_seconds).toBeLessThan(60 * 60 + 60);
    });

    it('never scans a table that only grows: workflows and outbox are read through partial indexes', async () => {
      const plan = await engineStatsPlan(store);
      const growing = plan.filter((n) => GROWING_TABLES.includes(n['Relation Name'] ?? ''));
      expect(growing.length).toBeGreaterThanOrEqual(3);
      for (const node of growing) {
        // A bitmap heap scan reads the rows its bitmap index scan (its child) picked out.
        const index = node['Node Type'] === 'Bitmap Heap Scan' ? node.Plans?.[0]?.['Index Name'] : node['Index Name'];
        expect(`${node['Node Type']} on ${node['Relation Name']} using ${index}`).toMatch(
          /^(Index Scan|Index Only Scan|Bitmap Heap Scan) on \w+ using (workflows_active_or_failed|outbox_unfinished_by_priority|outbox_ready|outbox_dead)$/,
        );
      }
    });
  });
}
