// Bench: response metrics (fb_response_metrics) over a store holding N incidents spread over 90 days
// (each with an alert and the timeline rows the metrics read) — what `/incident stats 90d` and the
// console's /stats cost the store: p50/p99 of one call for 30 and 90 days, and one service.
import type { SqlTransport } from '../../src/store/transport.js';
import { computeMetrics } from '../../src/reports/metrics.js';
import { percentile, report, withStore } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const incidents = Number(process.argv[3] ?? 10_000);
const CALLS = 10;
const DAY = 86_400_000;
const targets = { sev1: { detectMs: 120_000, acknowledgeMs: 300_000, resolveMs: 900_000 }, sev2: { acknowledgeMs: 600_000, resolveMs: 3_600_000 } };

async function seed(store: SqlTransport, n: number): Promise<void> {
  await store.exec(`
    insert into workflows (id, kind, machine_version, version, status, snapshot, summary)
    select 'inc_b' || g, 'incident', 1, 1, 'done', '{}',
           jsonb_build_object('status', case when g % 50 = 0 then 'acknowledged' else 'resolved' end, 'severity', 'sev' || (1 + g % 4))
      from generate_series(1, ${n}) g;
    insert into incidents (id, title, service, severity, correlation_key, declared_by, opened_at)
    select 'inc_b' || g, 'Incident ' || g, 'service-' || (g % 12), 'sev' || (1 + g % 4), 'k' || g, 'alert:generic',
           now() - (g % 90) * interval '1 day' - (g % 1440) * interval '1 minute'
      from generate_series(1, ${n}) g;
    insert into alerts (source, key, incident_id, status, severity, title, first_seen, last_seen, started_at)
    select 'generic', 'a' || i.number, i.id, 'resolved', i.severity, i.title, i.opened_at - interval '30 seconds', i.opened_at, i.opened_at - (i.number % 300) * interval '1 second'
      from incidents i where i.id like 'inc_b%';
    insert into timeline (workflow_id, at, kind, actor, message, data)
    select i.id, i.opened_at + x.after, x.kind, 'U0BENCH', x.kind, x.data
      from incidents i
      cross join lateral (values
        (interval '0', 'incident.declared', null::jsonb),
        ((i.number % 600) * interval '1 second', 'incident.acknowledged', null),
        (interval '8 minutes', 'incident.status', '{"status":"investigating"}'::jsonb),
        (interval '12 minutes', 'incident.status', '{"status":"monitoring"}'::jsonb),
        (interval '14 minutes', 'incident.note', null),
        (interval '10 minutes' + (i.number % 1800) * interval '1 second', 'incident.resolved', null)) as x(after, kind, data)
     where i.id like 'inc_b%';`);
}

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: +percentile(times, 50).toFixed(1), p99: +percentile(times, 99).toFixed(1) };
}

await withStore(kind, async (transport) => {
  const store = transport as SqlTransport;
  await seed(store, incidents);
  if (kind === 'postgres') await store.exec('analyze');
  const now = Date.now();
  const window = (days: number, service?: string) => () =>
    computeMetrics(store, { from: new Date(now - days * DAY), to: new Date(now), ...(service && { service }) }, targets);
  const d30 = await timed(window(30));
  const d90 = await timed(window(90));
  const one = await timed(window(90, 'service-3'));
  report({
    bench: 'response metrics', store: kind, incidents,
    d30_p50_ms: d30.p50, d30_p99_ms: d30.p99, d90_p50_ms: d90.p50, d90_p99_ms: d90.p99, service_90d_p50_ms: one.p50,
  });
});
process.exit(0);
