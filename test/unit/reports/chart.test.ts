// Tests: the response chart — an SVG with a line per series through the weeks that have it, targets
// as dashed lines, untrusted text escaped, an accessible name; and the same picture as a PNG.
import { describe, expect, it } from 'vitest';
import { escapeXml, responseChartSvg, svgToPng } from '../../../src/reports/chart.js';
import type { MetricsGroup, ResponseMetrics } from '../../../src/reports/types.js';

const MIN = 60_000;
const group = (key: string, tta: number | null, ttr50: number | null, ttr90: number | null): MetricsGroup => ({
  key, incidents: 2,
  ttd: { count: 0, p50Ms: null, p90Ms: null },
  tta: { count: tta === null ? 0 : 2, p50Ms: tta, p90Ms: tta },
  ttr: { count: ttr50 === null ? 0 : 2, p50Ms: ttr50, p90Ms: ttr90 },
  met: 1, missed: 1, metShare: 0.5,
});
const metrics: Pick<ResponseMetrics, 'byWeek' | 'total' | 'targets'> = {
  byWeek: [group('2026-11-02', 3 * MIN, 14 * MIN, 40 * MIN), group('2026-11-09', 5 * MIN, null, null), group('2026-11-16', 2 * MIN, 9 * MIN, 20 * MIN)],
  total: { ...group('all', 3 * MIN, 12 * MIN, 38 * MIN), incidents: 6, met: 3, missed: 2, metShare: 0.6 },
  targets: { sev1: { acknowledgeMs: 5 * MIN, resolveMs: 15 * MIN } },
};

describe('responseChartSvg', () => {
  it('draws each series through the weeks that have it, with targets, ticks in minutes and an accessible name', () => {
    const svg = responseChartSvg(metrics, { title: 'Response <checkout & co>' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="720" height="360"')).toBe(true);
    expect(svg).toContain('<title id="chart-title">Response &lt;checkout &amp; co&gt;</title>');
    expect(svg).toContain('<desc id="chart-desc">6 incidents over 3 weeks. 60% met their targets.</desc>');
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(3);
    // Resolve has no value in the middle week: its line breaks there (two M segments), acknowledge does not.
    expect(paths[0]!.match(/M/g)).toHaveLength(1);
    expect(paths[1]!.match(/M/g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(3 + 2 + 2);
    expect(svg).toContain('<title>SEV1 resolve target 15m</title>');
    expect(svg).toContain('<title>Resolve p90: 40m</title>');
    expect(svg).toMatch(/>40m<\/text>/);
    expect(svg).toContain('>11-09</text>');
  });

  it('says so when there is nothing to draw', () => {
    const svg = responseChartSvg({ byWeek: [], total: { ...metrics.total, incidents: 0, metShare: null }, targets: {} });
    expect(svg).toContain('No incidents in this period');
    expect(svg).not.toContain('<path');
  });

  it('escapes every XML special character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('svgToPng', () => {
  it('renders the chart as a PNG of the SVG size, without a browser', () => {
    const png = svgToPng(responseChartSvg(metrics));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    // IHDR: width and height right after the chunk header.
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([720, 360]);
    expect(png.length).toBeGreaterThan(5_000);
  });
});
