// Observability: the engine's backlog as the store sees it (all replicas), one gauge per quantity.
// One read of fb_engine_stats (live rows only, through partial indexes) serves every gauge, and is
// reused for a few seconds: however often Prometheus, or several of them, scrape, the store answers
// at most once per interval per replica.
import { Gauge, type Registry } from 'prom-client';
import { engineStats, type EngineStats } from '../store/outbox.js';
import type { Transport } from '../store/transport.js';

/** How long one read of the store's figures serves scrapes; shorter than any sane scrape interval. */
export const STATS_TTL_MS = 5_000;

/** Each gauge and the figure it shows. */
const GAUGES: ReadonlyArray<{ name: string; help: string; figure: keyof EngineStats }> = [
  { name: 'firebreak_workflows_active', help: 'Workflows running (incidents not yet closed, with their timers and reminders), all replicas', figure: 'workflows_active' },
  { name: 'firebreak_workflows_failed', help: 'Workflows parked as failed because their snapshot could not be restored; each needs a look', figure: 'workflows_failed' },
  { name: 'firebreak_timers_pending', help: 'Durable timers (escalation deadlines, reminders) scheduled and not yet delivered', figure: 'timers_pending' },
  { name: 'firebreak_timers_overdue_seconds', help: 'How far past its deadline the most overdue undelivered timer is, by the database clock (0 when none is due)', figure: 'timers_overdue_seconds' },
  { name: 'firebreak_outbox_pending_effects', help: 'Effects not yet done: waiting to run, waiting to retry, or running', figure: 'outbox_pending' },
  { name: 'firebreak_outbox_running_effects', help: 'Effects running now under a lease (a subset of the pending ones)', figure: 'outbox_running' },
  { name: 'firebreak_outbox_oldest_pending_age_seconds', help: 'Age of the oldest effect not yet done, by the database clock (0 when none)', figure: 'outbox_oldest_pending_seconds' },
  { name: 'firebreak_outbox_dead_effects', help: 'Effects given up for good (each is on its incident timeline); alert on an increase', figure: 'outbox_dead' },
];

export function registerStoreGauges(registry: Registry, store: Transport, opts: { ttlMs?: number; now?: () => number } = {}): void {
  const read = cachedRead(() => engineStats(store), opts.ttlMs ?? STATS_TTL_MS, opts.now ?? (() => performance.now()));
  new Gauge({
    name: 'firebreak_store_stats_up',
    help: 'Whether the latest read of the store figures succeeded (1) or failed (0); on 0 the store gauges hold the last figures read',
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
  for (const { name, help, figure } of GAUGES) {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const stats = await read();
        if (stats) this.set(Number(stats[figure]));
      },
    });
  }
}

/**
 * The read in flight, or the latest answer while it is fresh; otherwise a new read. Every gauge of
 * one scrape (and every scrape meanwhile) shares it. A failure (store down) is remembered as long,
 * so a down store is not asked on every scrape either.
 */
function cachedRead<T>(read: () => Promise<T>, ttlMs: number, now: () => number): () => Promise<T | null> {
  let latest: { settledAt: number | null; value: Promise<T | null> } | undefined;
  return () => {
    if (latest && (latest.settledAt === null || now() - latest.settledAt < ttlMs)) return latest.value;
    const entry: { settledAt: number | null; value: Promise<T | null> } = {
      settledAt: null,
      value: read()
        .catch(() => null)
        .finally(() => (entry.settledAt = now())),
    };
    latest = entry;
    return entry.value;
  };
}
