// Test support: targets met per severity and measure (fb_response_targets through
// computeTargetShares) for the seeded month of metrics-month.ts, against counts worked out by hand
// from its per-incident verdicts — plus an incident declared a minute ago (pending) and a detect
// target on a declaration by hand (unmeasured). Run on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics, computeTargetShares } from '../../../src/reports/metrics.js';
import type { ResponseTargets, TargetTally } from '../../../src/reports/types.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { seedMonth, TARGETS } from './metrics-month.js';

const MIN = 60_000;
const month = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
const t = (met: number, missed: number, pending: number, unmeasured: number, metShare: number | null): TargetTally => ({ met, missed, pending, unmeasured, metShare });

export function describeMonthTargets(name: string, open: () => Promise<SqlTransport>): void {
  describe(`targets met per severity and measure on ${name}: the seeded month against hand-counted verdicts`, () => {
    let store: SqlTransport;
    beforeAll(async () => {
      store = await open();
      await seedMonth(store);
    }, 120_000);
    afterAll(() => store?.close());

    it('counts met, missed and the share met per target for each severity with one; the others apart as no target', async () => {
      // Verdicts (metrics-month.ts): detect / acknowledge / resolve → incident.
      //   sev1  A met/met/met → met · B missed ×3 → missed · E met/missed/met → missed · F met ×3 → met
      //         H (still open) met/met/missed (past 15 m) → missed
      //   sev2  C (reopened, TTR to its last resolve 50.5 m) –/met/met → met · G –/missed/met → missed
      //   sev3  D, sev4  I: no target
      const s = await computeTargetShares(store, month, TARGETS);
      expect(s.bySeverity.map((g) => [g.severity, g.incidents])).toEqual([['sev1', 5], ['sev2', 2]]);
      const [sev1, sev2] = s.bySeverity;
      expect(sev1!.measures).toEqual([
        { measure: 'detect', targetMs: 2 * MIN, ...t(4, 1, 0, 0, 0.8) },
        { measure: 'acknowledge', targetMs: 5 * MIN, ...t(3, 2, 0, 0, 0.6) },
        { measure: 'resolve', targetMs: 15 * MIN, ...t(3, 2, 0, 0, 0.6) },
      ]);
      expect(sev1!.overall).toEqual(t(2, 3, 0, 0, 0.4));
      // sev2 has no detect target: no detect row.
      expect(sev2!.measures).toEqual([
        { measure: 'acknowledge', targetMs: 10 * MIN, ...t(1, 1, 0, 0, 0.5) },
        { measure: 'resolve', targetMs: 60 * MIN, ...t(2, 0, 0, 0, 1) },
      ]);
      expect(sev2!.overall).toEqual(t(1, 1, 0, 0, 0.5));
      // Together: detect is sev1's alone; acknowledge 3 + 1 of 5 + 2; resolve 3 + 2 of 5 + 2.
      expect(s.total).toEqual({
        incidents: 7,
        measures: [
          { measure: 'detect', ...t(4, 1, 0, 0, 0.8) },
          { measure: 'acknowledge', ...t(4, 3, 0, 0, 0.5714) },
          { measure: 'resolve', ...t(5, 2, 0, 0, 0.7143) },
        ],
        overall: t(3, 4, 0, 0, 0.4286),
      });
      expect(s.noTarget).toEqual({ incidents: 2, bySeverity: [{ severity: 'sev3', incidents: 1 }, { severity: 'sev4', incidents: 1 }] });
    });

    it('gives the same incident verdicts as /incident stats (the same rules, counted)', async () => {
      const [shares, metrics] = await Promise.all([computeTargetShares(store, month, TARGETS), computeMetrics(store, month, TARGETS)]);
      for (const g of metrics.bySeverity.filter((g) => g.key === 'sev1' || g.key === 'sev2')) {
        const s = shares.bySeverity.find((x) => x.severity === g.key)!;
        expect([s.overall.met, s.overall.missed, s.overall.metShare]).toEqual([g.met, g.missed, g.metShare]);
      }
      expect([shares.total.overall.met, shares.total.overall.missed, shares.total.overall.metShare]).toEqual([metrics.total.met, metrics.total.missed, metrics.total.metShare]);
    });

    it('keeps to one service, listing a severity with a target and no incident as zeros', async () => {
      // checkout: A, B, E, H — all sev1.
      const s = await computeTargetShares(store, { ...month, service: 'checkout' }, TARGETS);
      expect(s.service).toBe('checkout');
      expect(s.bySeverity[0]!.incidents).toBe(4);
      expect(s.bySeverity[0]!.measures.map((m) => [m.measure, m.met, m.missed])).toEqual([['detect', 3, 1], ['acknowledge', 2, 2], ['resolve', 2, 2]]);
      expect(s.bySeverity[0]!.overall).toEqual(t(1, 3, 0, 0, 0.25));
      expect(s.bySeverity[1]).toMatchObject({ severity: 'sev2', incidents: 0, overall: t(0, 0, 0, 0, null) });
      expect(s.noTarget).toEqual({ incidents: 0, bySeverity: [] });
    });

    it('counts a detect target on a declaration by hand as unmeasured, not met', async () => {
      // D (sev3) was declared by hand before any alert: no time to detect.
      const targets: ResponseTargets = { ...TARGETS, sev3: { detectMs: 5 * MIN } };
      const s = await computeTargetShares(store, month, targets);
      const sev3 = s.bySeverity.find((g) => g.severity === 'sev3')!;
      expect(sev3).toEqual({ severity: 'sev3', incidents: 1, measures: [{ measure: 'detect', targetMs: 5 * MIN, ...t(0, 0, 0, 1, null) }], overall: t(0, 0, 0, 1, null) });
      expect(s.noTarget).toEqual({ incidents: 1, bySeverity: [{ severity: 'sev4', incidents: 1 }] });
    });

    it('counts an open incident still within its targets as pending', async () => {
      const declared = new Date(Date.now() - MIN).toISOString();
      const alertAt = new Date(Date.now() - 2 * MIN).toISOString();
      await store.query(`insert into workflows (id, kind, machine_version, version, status, snapshot, summary)
                         values ('inc_now', 'incident', 1, 1, 'active', '{}', '{"status":"triggered","severity":"sev1"}')`);
      await store.query(`insert into incidents (id, title, service, severity, correlation_key, declared_by, opened_at)
                         values ('inc_now', 'Just now', 'checkout', 'sev1', 'inc_now', 'test', $1)`, [declared]);
      await store.query(`insert into alerts (source, key, incident_id, status, severity, title, service, first_seen, last_seen, started_at)
                         values ('generic', 'inc_now-0', 'inc_now', 'firing', 'sev1', 'an alert', 'checkout', $1, $1, $1)`, [alertAt]);
      const s = await computeTargetShares(store, { from: new Date(Date.now() - 10 * MIN), to: new Date(Date.now() + MIN) }, TARGETS);
      // Detected in 1 m (met); not acknowledged or resolved yet, within 5 m and 15 m: pending; the incident pending.
      expect(s.bySeverity[0]!.measures.map((m) => [m.measure, m.met, m.missed, m.pending])).toEqual([['detect', 1, 0, 0], ['acknowledge', 0, 0, 1], ['resolve', 0, 0, 1]]);
      expect(s.bySeverity[0]!.overall).toEqual(t(0, 0, 1, 0, null));
    });

    it('without targets, every incident is counted as no target', async () => {
      const s = await computeTargetShares(store, month, {});
      expect(s.bySeverity).toEqual([]);
      expect(s.total).toEqual({ incidents: 0, measures: [], overall: t(0, 0, 0, 0, null) });
      expect(s.noTarget.incidents).toBe(9);
    });
  });
}
