// Bench: what a /metrics scrape costs the store once it holds a long history (100,000 done effects,
// 20,000 finished workflows by default), beside the cheapest store call (the ceiling) and the
// whole-table counts a scrape ran before the partial indexes (measured last, after dropping them).
import { readBuildInfo } from '../../src/observability/build-info.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { SqlTransport } from '../../src/store/transport.js';
import { fillHistory } from '../../test/support/store/engine-stats.js';
import { percentile, report, withStore } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const doneEffects = Number(process.argv[3] ?? 100_000);
const CALLS = 200;

/** fb_engine_stats as it was: counts by status over whole tables. */
const BEFORE = `select jsonb_build_object(
  'workflows_active', (select count(*) from workflows where status = 'active'),
  'workflows_failed', (select count(*) from workflows where status = 'failed'),
  'timers_pending', (select count(*) from timers),
  'outbox_pending', (select count(*) from outbox where status in ('pending', 'running')),
  'outbox_dead', (select count(*) from outbox where status = 'dead'))`;

async function p50(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return +percentile(times.sort((a, b) => a - b), 50).toFixed(3);
}

await withStore(kind, async (transport) => {
  const store = transport as SqlTransport;
  await fillHistory(store, { doneEffects, doneWorkflows: doneEffects / 5 });
  // PostgreSQL's autovacuum analyzes tables that grew like this; PGlite never does.
  if (kind === 'postgres') await store.exec('analyze');

  const ceiling = await p50(() => store.query('select fb_schema_version()'));
  const stats = await p50(() => store.query('select fb_engine_stats()'));
  const cold = createMetrics(store, { build: readBuildInfo(), statsTtlMs: 0 });
  const scrapeCold = await p50(() => cold.registry.metrics());
  const cached = createMetrics(store, { build: readBuildInfo() });
  const scrapeCached = await p50(() => cached.registry.metrics());
  await store.exec('drop index workflows_active_or_failed; drop index outbox_dead;');
  const before = await p50(() => store.query(BEFORE));

  report({
    bench: 'metrics scrape', store: kind, done_effects: doneEffects,
    ceiling_p50_ms: ceiling, stats_p50_ms: stats, before_p50_ms: before,
    scrape_uncached_p50_ms: scrapeCold, scrape_cached_p50_ms: scrapeCached,
  });
});
process.exit(0);
