// Edge (console): charts — round axis steps, escaped labels, a title and description for screen
// readers, and a note instead of an empty plot.
import { describe, expect, it } from 'vitest';
import { axisMax, lines, stackedBars } from '../../../../src/edges/console/chart.js';
import { everyWeek } from '../../../../src/edges/console/stats-page.js';

describe('axisMax', () => {
  it('is four round steps at or above the largest value; whole steps for counts', () => {
    expect(axisMax(3, true)).toBe(4);
    expect(axisMax(9)).toBe(10);
    expect(axisMax(0.9)).toBe(1);
    expect(axisMax(170)).toBe(200);
    expect(axisMax(0)).toBe(4);
  });
});

describe('charts', () => {
  const labels = ['2026-11-23', '2026-11-30'];
  it('stacks bars per label and describes every value', () => {
    const svg = stackedBars({ id: 'c', title: 'Incidents <by> severity', labels, format: String, series: [{ name: 'sev1', cls: 's-sev1', values: [1, 0] }, { name: 'sev2', cls: 's-sev2', values: [2, 3] }] }).text;
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('<title id="c-t">Incidents &lt;by&gt; severity</title>');
    expect(svg).toContain('sev2: 2026-11-23 2, 2026-11-30 3');
    expect(svg).not.toContain('style=');
  });

  it('breaks a line at a missing value, and says when there is no data at all', () => {
    const svg = lines({ id: 'l', title: 't', labels: [...labels, '2026-12-07'], format: String, series: [{ name: 'median', cls: 'l-p50', values: [5, null, 7] }] }).text;
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    const empty = lines({ id: 'e', title: 't', labels, format: String, series: [{ name: 'median', cls: 'l-p50', values: [null, null] }] }).text;
    expect(empty).toContain('No data in this period');
  });
});

describe('everyWeek', () => {
  it('lists every Monday of the period, weeks without incidents as zero', () => {
    const weeks = everyWeek([{ week: '2026-11-30', incidents: 2, by_severity: { sev1: 2, sev2: 0, sev3: 0, sev4: 0 }, detect_p50_s: 1, detect_p90_s: 1, ack_p50_s: null, ack_p90_s: null, resolve_p50_s: null, resolve_p90_s: null }],
      new Date('2026-11-18T12:00:00Z'), new Date('2026-12-08T12:00:00Z'));
    expect(weeks.map((w) => [w.week, w.incidents])).toEqual([['2026-11-16', 0], ['2026-11-23', 0], ['2026-11-30', 2], ['2026-12-07', 0]]);
  });
});
