// Reports: response metrics — computed in SQL (fb_response_metrics) and shaped here into the types
// every surface renders: per incident TTD/TTA/TTR and verdicts, p50/p90 by severity, service, week.
import { SEVERITIES } from '../domain/alert.js';
import { responseMetrics, type MetricsRows } from '../store/reports.js';
import type { Transport } from '../store/transport.js';
import type { IncidentMetrics, MetricsGroup, MetricsQuery, ResponseMetrics, ResponseTargets } from './types.js';

const iso = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d).toISOString();

export function sqlTargets(targets: ResponseTargets): Record<string, { detect_ms?: number; acknowledge_ms?: number; resolve_ms?: number }> {
  const out: Record<string, { detect_ms?: number; acknowledge_ms?: number; resolve_ms?: number }> = {};
  for (const sev of SEVERITIES) {
    const t = targets[sev];
    if (!t) continue;
    out[sev] = {
      ...(t.detectMs !== undefined && { detect_ms: t.detectMs }),
      ...(t.acknowledgeMs !== undefined && { acknowledge_ms: t.acknowledgeMs }),
      ...(t.resolveMs !== undefined && { resolve_ms: t.resolveMs }),
    };
  }
  return out;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toGroup(g: MetricsRows['groups'][number]): MetricsGroup {
  const p = (v: unknown) => {
    const r = v as { count: unknown; p50Ms: unknown; p90Ms: unknown };
    return { count: Number(r.count), p50Ms: num(r.p50Ms), p90Ms: num(r.p90Ms) };
  };
  return {
    key: g.key,
    incidents: Number(g.incidents),
    ttd: p(g.ttd),
    tta: p(g.tta),
    ttr: p(g.ttr),
    met: Number(g.met),
    missed: Number(g.missed),
    metShare: num(g.metShare),
  };
}

function toIncident(r: Record<string, unknown>): IncidentMetrics {
  return {
    ...(r as unknown as IncidentMetrics),
    number: Number(r.number),
    reopens: Number(r.reopens),
    alerts: Number(r.alerts),
    ttdMs: num(r.ttdMs),
    ttaMs: num(r.ttaMs),
    ttrMs: num(r.ttrMs),
  };
}

export async function computeMetrics(store: Transport, q: MetricsQuery, targets: ResponseTargets, incidentId: string | null = null): Promise<ResponseMetrics> {
  const from = iso(q.from);
  const to = iso(q.to);
  const rows = await responseMetrics(store, { from, to, service: q.service ?? null, severity: q.severity ?? null, targets: sqlTargets(targets), incidentId });
  const groups = (d: string) => rows.groups.filter((g) => g.dimension === d).map(toGroup);
  const total = groups('total')[0] ?? { key: 'all', incidents: 0, ttd: { count: 0, p50Ms: null, p90Ms: null }, tta: { count: 0, p50Ms: null, p90Ms: null }, ttr: { count: 0, p50Ms: null, p90Ms: null }, met: 0, missed: 0, metShare: null };
  const bySeverity = groups('severity').sort((a, b) => a.key.localeCompare(b.key));
  return {
    from,
    to,
    incidents: rows.incidents.map(toIncident),
    bySeverity,
    byService: groups('service').sort((a, b) => b.incidents - a.incidents || a.key.localeCompare(b.key)),
    byWeek: groups('week').sort((a, b) => a.key.localeCompare(b.key)),
    total,
    targets,
  };
}

/** One incident's times and verdicts (the post-mortem's key times), or null if it does not exist. */
export async function incidentMetrics(store: Transport, incidentId: string, targets: ResponseTargets): Promise<IncidentMetrics | null> {
  const m = await computeMetrics(store, { from: new Date(0), to: new Date(0) }, targets, incidentId);
  return m.incidents[0] ?? null;
}
