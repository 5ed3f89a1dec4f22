// Test support: a seeded month of incidents (November 2026) and the response metrics worked out by
// hand for it — run on every SQL transport (PGlite and PostgreSQL). Reopens, severity changes (up
// and down), merged alerts, an incident declared by hand, one still open, one without a service,
// and incidents just outside the month are all in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/reports/metrics.js';
import type { ResponseTargets } from '../../../src/reports/types.js';
import type { SqlTransport } from '../../../src/store/transport.js';

const MIN = 60_000;
export const TARGETS: ResponseTargets = {
  sev1: { detectMs: 2 * MIN, acknowledgeMs: 5 * MIN, resolveMs: 15 * MIN },
  sev2: { acknowledgeMs: 10 * MIN, resolveMs: 60 * MIN },
};

interface Seed {
  id: string;
  declared: string;
  service: string | null;
  /** As declared (incidents.severity). */
  severity: string;
  /** Now (the workflow's summary). */
  current?: string;
  status: string;
  /** Alerts: minutes relative to the declaration; `started: null` → only first seen. */
  alerts: Array<{ started: number | null; seen: number }>;
  /** Timeline rows: minutes after the declaration. */
  events: Array<[number, string, Record<string, unknown>?]>;
}

const SEEDS: Seed[] = [
  // A: met everything. TTD 90 s, TTA 3 m, TTR 12 m + 90 s = 810 s.
  { id: 'inc_a', declared: '2026-11-02T10:00:00Z', service: 'checkout', severity: 'sev1', status: 'resolved',
    alerts: [{ started: -1.5, seen: -1 }], events: [[3, 'incident.acknowledged'], [12, 'incident.resolved']] },
  // B: declared sev2, raised to sev1 (judged as sev1); two alerts merged, the first started 4 m before. Closed.
  { id: 'inc_b', declared: '2026-11-03T14:00:00Z', service: 'checkout', severity: 'sev2', current: 'sev1', status: 'closed',
    alerts: [{ started: -4, seen: -3 }, { started: -1, seen: 2 }],
    events: [[2, 'alert.attached'], [5, 'incident.severity', { from: 'sev2', to: 'sev1' }], [6, 'incident.acknowledged'], [40, 'incident.resolved'], [60, 'incident.closed']] },
  // C: resolved, reopened, resolved again: TTR runs to the last resolve (50 m + 30 s).
  { id: 'inc_c', declared: '2026-11-04T09:00:00Z', service: 'search', severity: 'sev2', status: 'resolved',
    alerts: [{ started: -0.5, seen: 0 }],
    events: [[2, 'incident.acknowledged'], [10, 'incident.status', { status: 'monitoring' }], [20, 'incident.resolved'],
      [30, 'alert.refired'], [30, 'incident.reopened'], [32, 'incident.acknowledged'], [50, 'incident.resolved']] },
  // D: declared by hand, no alert: no TTD; sev3 has no targets.
  { id: 'inc_d', declared: '2026-11-09T11:00:00Z', service: 'search', severity: 'sev3', status: 'resolved',
    alerts: [], events: [[1, 'incident.acknowledged'], [30, 'incident.resolved']] },
  // E: acknowledged late (8 m > 5 m); resolved exactly on target (15 m).
  { id: 'inc_e', declared: '2026-11-10T16:00:00Z', service: 'checkout', severity: 'sev1', status: 'resolved',
    alerts: [{ started: -1, seen: 0 }], events: [[8, 'incident.acknowledged'], [14, 'incident.resolved']] },
  // F: declared sev1, lowered to sev2: still judged as sev1. Detected in exactly 2 m.
  { id: 'inc_f', declared: '2026-11-16T08:00:00Z', service: 'payments', severity: 'sev1', current: 'sev2', status: 'resolved',
    alerts: [{ started: -2, seen: -2 }], events: [[4, 'incident.acknowledged'], [10, 'incident.severity', { from: 'sev1', to: 'sev2' }], [13, 'incident.resolved']] },
  // G: the source gave no start: first seen counts. Acknowledged in 12 m > 10 m.
  { id: 'inc_g', declared: '2026-11-17T12:00:00Z', service: 'payments', severity: 'sev2', status: 'resolved',
    alerts: [{ started: null, seen: -3 }], events: [[12, 'incident.acknowledged'], [25, 'incident.resolved']] },
  // H: still open, long past its 15 m resolve target: missed, with no TTR.
  { id: 'inc_h', declared: '2026-11-23T20:00:00Z', service: 'checkout', severity: 'sev1', status: 'acknowledged',
    alerts: [{ started: -0.5, seen: 0 }], events: [[2, 'incident.acknowledged']] },
  // I: no service, sev4, never acknowledged (resolved straight away), in the week of Monday 23rd.
  { id: 'inc_i', declared: '2026-11-29T03:00:00Z', service: null, severity: 'sev4', status: 'resolved',
    alerts: [{ started: -5, seen: -4 }], events: [[10, 'incident.resolved']] },
  // Outside the month: the last minute of October and the first instant of December.
  { id: 'inc_oct', declared: '2026-10-31T23:59:00Z', service: 'checkout', severity: 'sev1', status: 'resolved',
    alerts: [{ started: -1, seen: 0 }], events: [[1, 'incident.acknowledged'], [5, 'incident.resolved']] },
  { id: 'inc_dec', declared: '2026-12-01T00:00:00Z', service: 'checkout', severity: 'sev1', status: 'resolved',
    alerts: [{ started: -1, seen: 0 }], events: [[1, 'incident.acknowledged'], [5, 'incident.resolved']] },
];

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN).toISOString();

export async function seedMonth(store: SqlTransport): Promise<void> {
  for (const s of SEEDS) {
    await store.query(
      `insert into workflows (id, kind, machine_version, version, status, snapshot, summary)
       values ($1, 'incident', 1, 1, 'active', '{}', $2)`,
      [s.id, JSON.stringify({ status: s.status, severity: s.current ?? s.severity })],
    );
    await store.query(
      `insert into incidents (id, title, service, severity, correlation_key, declared_by, opened_at)
       values ($1, $2, $3, $4, $1, 'test', $5)`,
      [s.id, `Incident ${s.id}`, s.service, s.severity, s.declared],
    );
    await store.query(`insert into timeline (workflow_id, at, kind, message) values ($1, $2, 'incident.declared', 'declared')`, [s.id, s.declared]);
    for (const [n, a] of s.alerts.entries()) {
      await store.query(
        `insert into alerts (source, key, incident_id, status, severity, title, service, first_seen, last_seen, started_at)
         values ('generic', $1, $2, 'resolved', $3, 'an alert', $4, $5, $5, $6)`,
        [`${s.id}-${n}`, s.id, s.severity, s.service, plus(s.declared, a.seen), a.started === null ? null : plus(s.declared, a.started)],
      );
    }
    for (const [minutes, kind, data] of s.events) {
      await store.query(`insert into timeline (workflow_id, at, kind, message, data) values ($1, $2, $3, $3, $4)`,
        [s.id, plus(s.declared, minutes), kind, data === undefined ? null : JSON.stringify(data)]);
    }
  }
}

const p = (count: number, p50Ms: number | null, p90Ms: number | null) => ({ count, p50Ms, p90Ms });

export function describeMonthMetrics(name: string, open: () => Promise<SqlTransport>): void {
  describe(`response metrics in SQL on ${name}: a seeded month against hand-computed values`, () => {
    let store: SqlTransport;
    beforeAll(async () => {
      store = await open();
      await seedMonth(store);
    }, 120_000);
    afterAll(() => store?.close());

    const month = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

    it('gives each incident its TTD, TTA, TTR, highest severity and verdicts', async () => {
      const m = await computeMetrics(store, month, TARGETS);
      const rows = m.incidents.map((i) => [i.id, i.severity, i.ttdMs, i.ttaMs, i.ttrMs, i.targets.detect, i.targets.acknowledge, i.targets.resolve, i.verdict]);
      expect(rows).toEqual([
        ['inc_a', 'sev1', 90_000, 180_000, 810_000, 'met', 'met', 'met', 'met'],
        ['inc_b', 'sev1', 240_000, 360_000, 2_640_000, 'missed', 'missed', 'missed', 'missed'],
        ['inc_c', 'sev2', 30_000, 120_000, 3_030_000, 'none', 'met', 'met', 'met'],
        ['inc_d', 'sev3', null, 60_000, 1_800_000, 'none', 'none', 'none', 'none'],
        ['inc_e', 'sev1', 60_000, 480_000, 900_000, 'met', 'missed', 'met', 'missed'],
        ['inc_f', 'sev1', 120_000, 240_000, 900_000, 'met', 'met', 'met', 'met'],
        ['inc_g', 'sev2', 180_000, 720_000, 1_680_000, 'none', 'missed', 'met', 'missed'],
        ['inc_h', 'sev1', 30_000, 120_000, null, 'met', 'met', 'missed', 'missed'],
        ['inc_i', 'sev4', 300_000, null, 900_000, 'none', 'none', 'none', 'none'],
      ]);
      const c = m.incidents.find((i) => i.id === 'inc_c')!;
      expect(c).toMatchObject({
        reopens: 1, alerts: 1, status: 'resolved', firstAlertAt: '2026-11-04T08:59:30.000Z', declaredAt: '2026-11-04T09:00:00.000Z',
        acknowledgedAt: '2026-11-04T09:02:00.000Z', mitigatedAt: '2026-11-04T09:10:00.000Z', resolvedAt: '2026-11-04T09:50:00.000Z',
      });
      expect(m.incidents.find((i) => i.id === 'inc_b')).toMatchObject({ alerts: 2, status: 'closed', resolvedAt: '2026-11-03T14:40:00.000Z' });
      expect(m.incidents.find((i) => i.id === 'inc_h')).toMatchObject({ resolvedAt: null, mitigatedAt: null });
    });

    it('gives p50/p90 (percentile_cont) and the share met by severity, service and week', async () => {
      const m = await computeMetrics(store, month, TARGETS);
      const shape = (g: { key: string; incidents: number; ttd: unknown; tta: unknown; ttr: unknown; met: number; missed: number; metShare: number | null }) =>
        [g.key, g.incidents, g.ttd, g.tta, g.ttr, g.met, g.missed, g.metShare];
      // sev1 = A, B, E, F, H. TTD sorted 30, 60, 90, 120, 240 s: p50 the 3rd = 90 s; p90 at 0.9 × 4 = 3.6
      // → 120 + 0.6 × (240 − 120) = 192 s. TTR (H open) 810, 900, 900, 2640: p50 at 1.5 → 900;
      // p90 at 2.7 → 900 + 0.7 × 1740 = 2118 s. Met A, F; missed B, E, H: 2 / 5.
      expect(m.bySeverity.map(shape)).toEqual([
        ['sev1', 5, p(5, 90_000, 192_000), p(5, 240_000, 432_000), p(4, 900_000, 2_118_000), 2, 3, 0.4],
        ['sev2', 2, p(2, 105_000, 165_000), p(2, 420_000, 660_000), p(2, 2_355_000, 2_895_000), 1, 1, 0.5],
        ['sev3', 1, p(0, null, null), p(1, 60_000, 60_000), p(1, 1_800_000, 1_800_000), 0, 0, null],
        ['sev4', 1, p(1, 300_000, 300_000), p(0, null, null), p(1, 900_000, 900_000), 0, 0, null],
      ]);
      expect(m.byService.map(shape)).toEqual([
        ['checkout', 4, p(4, 75_000, 195_000), p(4, 270_000, 444_000), p(3, 900_000, 2_292_000), 1, 3, 0.25],
        ['payments', 2, p(2, 150_000, 174_000), p(2, 480_000, 672_000), p(2, 1_290_000, 1_602_000), 1, 1, 0.5],
        ['search', 2, p(1, 30_000, 30_000), p(2, 90_000, 114_000), p(2, 2_415_000, 2_907_000), 1, 0, 1],
        ['(none)', 1, p(1, 300_000, 300_000), p(0, null, null), p(1, 900_000, 900_000), 0, 0, null],
      ]);
      expect(m.byWeek.map(shape)).toEqual([
        ['2026-11-02', 3, p(3, 90_000, 210_000), p(3, 180_000, 324_000), p(3, 2_640_000, 2_952_000), 2, 1, 0.6667],
        ['2026-11-09', 2, p(1, 60_000, 60_000), p(2, 270_000, 438_000), p(2, 1_350_000, 1_710_000), 0, 1, 0],
        ['2026-11-16', 2, p(2, 150_000, 174_000), p(2, 480_000, 672_000), p(2, 1_290_000, 1_602_000), 1, 1, 0.5],
        ['2026-11-23', 2, p(2, 165_000, 273_000), p(1, 120_000, 120_000), p(1, 900_000, 900_000), 0, 1, 0],
      ]);
      expect(shape(m.total)).toEqual(['all', 9, p(8, 105_000, 258_000), p(8, 210_000, 552_000), p(8, 1_290_000, 2_757_000), 3, 4, 0.4286]);
    });

    it('filters by service and by the highest severity reached', async () => {
      const checkout = await computeMetrics(store, { ...month, service: 'checkout' }, TARGETS);
      expect(checkout.incidents.map((i) => i.id)).toEqual(['inc_a', 'inc_b', 'inc_e', 'inc_h']);
      const sev1 = await computeMetrics(store, { ...month, severity: 'sev1' }, TARGETS);
      expect(sev1.incidents.map((i) => i.id)).toEqual(['inc_a', 'inc_b', 'inc_e', 'inc_f', 'inc_h']);
      expect(sev1.total.metShare).toBe(0.4);
    });

    it('without targets, nothing is judged', async () => {
      const m = await computeMetrics(store, month, {});
      expect(m.incidents.every((i) => i.verdict === 'none')).toBe(true);
      expect(m.total).toMatchObject({ met: 0, missed: 0, metShare: null });
    });

    it('an empty range answers zeros, not an error', async () => {
      const m = await computeMetrics(store, { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' }, TARGETS);
      expect(m.incidents).toEqual([]);
      expect(m.total).toMatchObject({ incidents: 0, ttd: p(0, null, null), metShare: null });
    });
  });
}
