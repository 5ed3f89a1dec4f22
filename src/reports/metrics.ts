// Reports: response metrics — computed in SQL (fb_response_metrics) and shaped here into the types
// every surface renders: per incident TTD/TTA/TTR and verdicts, p50/p90 by severity, service, week;
// and the same verdicts counted per severity and target (fb_response_targets) for the console.
import { SEVERITIES } from '../domain/alert.js';
import { responseMetrics, responseTargets, type MetricsRows, type VerdictCounts } from '../store/reports.js';
import type { Transport } from '../store/transport.js';
import type { IncidentMetrics, MetricsGroup, MetricsQuery, ResponseMetrics, ResponseTargets, SeverityTargets, TargetMeasure, TargetShares, TargetTally } from './types.js';

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

const MEASURES: ReadonlyArray<[TargetMeasure, 'detectMs' | 'acknowledgeMs' | 'resolveMs']> = [['detect', 'detectMs'], ['acknowledge', 'acknowledgeMs'], ['resolve', 'resolveMs']];
const NO_VERDICTS: VerdictCounts = { met: 0, missed: 0, pending: 0, none: 0 };

/** As fb_response_metrics rounds a group's share: four places. */
const share = (met: number, missed: number) => (met + missed > 0 ? Math.round((met / (met + missed)) * 10_000) / 10_000 : null);

/** `none` counts as unmeasured only where the target applies (the caller's choice). */
function tally(c: VerdictCounts): TargetTally {
  return { met: c.met, missed: c.missed, pending: c.pending, unmeasured: c.none, metShare: share(c.met, c.missed) };
}

function sum(tallies: TargetTally[]): TargetTally {
  const t = tallies.reduce((a, b) => ({ met: a.met + b.met, missed: a.missed + b.missed, pending: a.pending + b.pending, unmeasured: a.unmeasured + b.unmeasured }), { met: 0, missed: 0, pending: 0, unmeasured: 0 });
  return { ...t, metShare: share(t.met, t.missed) };
}

/**
 * Targets met per severity and measure for incidents declared in [from, to): the verdicts
 * fb_response_metrics gives each incident (fb_response_judged, the one copy of the rules), counted in
 * SQL. A severity without a target is counted apart (noTarget), never as met.
 */
export async function computeTargetShares(store: Transport, q: { from: Date | string; to: Date | string; service?: string | null }, targets: ResponseTargets): Promise<TargetShares> {
  const from = iso(q.from);
  const to = iso(q.to);
  const service = q.service ?? null;
  const rows = await responseTargets(store, { from, to, service, targets: sqlTargets(targets) });
  const bySeverity: SeverityTargets[] = [];
  const noTarget: TargetShares['noTarget'] = { incidents: 0, bySeverity: [] };
  for (const severity of SEVERITIES) {
    const row = rows.find((r) => r.severity === severity);
    const t = targets[severity] ?? {};
    const measures = MEASURES.flatMap(([measure, key]) => {
      const targetMs = t[key];
      return targetMs === undefined ? [] : [{ measure, targetMs, ...tally(row?.[measure] ?? NO_VERDICTS) }];
    });
    if (measures.length === 0) {
      if (row && row.incidents > 0) {
        noTarget.incidents += row.incidents;
        noTarget.bySeverity.push({ severity, incidents: row.incidents });
      }
      continue;
    }
    // The incident's verdict is none only when no measure could be judged: with a target, that is a detect target and no TTD.
    bySeverity.push({ severity, incidents: row?.incidents ?? 0, measures, overall: tally(row?.verdict ?? NO_VERDICTS) });
  }
  return {
    from, to, service, targets, bySeverity, noTarget,
    total: {
      incidents: bySeverity.reduce((n, s) => n + s.incidents, 0),
      measures: MEASURES.flatMap(([measure]) => {
        const each = bySeverity.flatMap((s) => s.measures.filter((m) => m.measure === measure));
        return each.length === 0 ? [] : [{ measure, ...sum(each) }];
      }),
      overall: sum(bySeverity.map((s) => s.overall)),
    },
  };
}
