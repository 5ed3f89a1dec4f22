// Edge (console): response figures and targets met per (period, service), kept for a short while. Weekly medians do
// not move by the second, and a dashboard left open on /stats — or a few of them — must not have
// every reload recompute a year of incidents: at most one store read per key per TTL (concurrent
// misses share it). The answer says when it was computed.
import type { WeekFigures } from '../../incidents/browse.js';
import type { TargetShares } from '../../reports/index.js';
import type { StatsSource } from './routes.js';

export const STATS_TTL_MS = 30_000;
const MAX_KEYS = 200;
const DAY_MS = 86_400_000;

export interface StatsAnswer {
  from: Date;
  to: Date;
  weeks: WeekFigures[];
  targets: TargetShares;
}

export type CachedStats = (days: number, service: string | null) => Promise<StatsAnswer>;

export function cachedStats(source: StatsSource, opts: { ttlMs?: number; now?: () => number } = {}): CachedStats {
  const ttl = opts.ttlMs ?? STATS_TTL_MS;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { until: number; answer: Promise<StatsAnswer> }>();
  return (days, service) => {
    const key = `${days}|${service ?? ''}`;
    const t = now();
    const hit = cache.get(key);
    if (hit && hit.until > t) return hit.answer;
    const to = new Date(t);
    const from = new Date(t - days * DAY_MS);
    const answer = Promise.all([source.weekly({ from, to, service }), source.targets({ from, to, service })])
      .then(([weeks, targets]) => ({ from, to, weeks, targets }));
    if (cache.size >= MAX_KEYS) cache.clear();
    cache.set(key, { until: t + ttl, answer });
    // A failed read is not kept: the next request tries again.
    answer.catch(() => cache.delete(key));
    return answer;
  };
}
