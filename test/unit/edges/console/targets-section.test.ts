// Edge (console): /stats' targets section — a row per target of each severity with one, the
// incident as a whole, the total, severities without a target apart, and a bar per severity.
import { describe, expect, it } from 'vitest';
import { shareBars } from '../../../../src/edges/console/chart.js';
import { targetsSection } from '../../../../src/edges/console/targets-section.js';
import type { TargetShares, TargetTally } from '../../../../src/reports/index.js';

const t = (met: number, missed: number, pending: number, unmeasured: number, metShare: number | null): TargetTally => ({ met, missed, pending, unmeasured, metShare });
const MIN = 60_000;

const SHARES: TargetShares = {
  from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', service: null,
  targets: { sev1: { detectMs: 2 * MIN, resolveMs: 15 * MIN } },
  bySeverity: [{ severity: 'sev1', incidents: 6, measures: [{ measure: 'detect', targetMs: 2 * MIN, ...t(4, 1, 0, 1, 0.8) }, { measure: 'resolve', targetMs: 15 * MIN, ...t(3, 2, 1, 0, 0.6) }], overall: t(2, 3, 1, 0, 0.4) }],
  total: { incidents: 6, measures: [{ measure: 'detect', ...t(4, 1, 0, 1, 0.8) }, { measure: 'resolve', ...t(3, 2, 1, 0, 0.6) }], overall: t(2, 3, 1, 0, 0.4) },
  noTarget: { incidents: 3, bySeverity: [{ severity: 'sev3', incidents: 3 }] },
};

/** The table's rows as text cells. */
function rows(page: string): string[][] {
  const table = /<table id="targets"[\s\S]*?<\/table>/.exec(page)![0];
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()));
}

describe('targetsSection', () => {
  it('lists each target of a severity with met, missed, not judged and the share met, then every target, the total and the severities without one', () => {
    const page = targetsSection(SHARES).text;
    expect(rows(page)).toEqual([
      ['Severity', 'Target', 'Met', 'Missed', 'Not judged', 'Share met'],
      ['sev1 6 incidents', 'Detect within 2m', '4', '1', '1', '80%'],
      ['Resolve within 15m', '3', '2', '1', '60%'],
      ['Every target', '2', '3', '1', '40%'],
      ['All with a target 6 incidents', 'Detect', '4', '1', '1', '80%'],
      ['Resolve', '3', '2', '1', '60%'],
      ['Every target', '2', '3', '1', '40%'],
      ['sev3 3 incidents', 'No target set: not counted as met or missed'],
    ]);
    expect(page).toContain('<th scope="rowgroup" rowspan="3">sev1');
    expect(page).toContain('2 of 5 judged incidents with a target met every target (40%).');
  });

  it('draws a bar per severity split into met, missed and not judged', () => {
    const page = targetsSection(SHARES).text;
    const chart = /<svg class="chart" id="chart-targets"[\s\S]*?<\/svg>/.exec(page)![0];
    expect(chart.match(/<rect /g)).toHaveLength(3);
    expect(chart).toContain('<title>sev1: met 2 of 6</title>');
    expect(chart).toContain('sev1: met 2, missed 3, not judged 1 (40% met)');
  });

  it('says no targets are set instead of an empty table', () => {
    const page = targetsSection({ ...SHARES, targets: {}, bySeverity: [], total: { incidents: 0, measures: [], overall: t(0, 0, 0, 0, null) }, noTarget: { incidents: 9, bySeverity: [{ severity: 'sev3', incidents: 9 }] } }).text;
    expect(page).toContain('id="no-targets"');
    expect(page).not.toContain('<table');
  });
});

describe('shareBars', () => {
  it('splits each bar by the shares of its total, and says when a label has nothing', () => {
    const svg = shareBars({ id: 's', title: 'Met <share>', labels: ['sev1', 'sev2'], notes: ['75% met', ''],
      series: [{ name: 'met', cls: 's-met', values: [3, 0] }, { name: 'missed', cls: 's-missed', values: [1, 0] }] }).text;
    const widths = [...svg.matchAll(/<rect class="s-\w+" x="[\d.]+" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]! / widths[1]!).toBeCloseTo(3);
    expect(svg).toContain('<title id="s-t">Met &lt;share&gt;</title>');
    expect(svg).toContain('no incidents');
    expect(svg).not.toContain('style=');
  });
});
