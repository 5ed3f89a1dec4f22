// Reports: response metrics as a chart — an SVG (weeks along, minutes up: p50 time to acknowledge,
// p50 and p90 time to resolve, each target as a dashed line) that the console's /stats page can
// inline, and the same picture as a PNG for Slack, rendered on the server by resvg (no browser).
// d3-scale picks the nice ticks, d3-shape draws the lines; the SVG is built as text, escaped.
import { Resvg } from '@resvg/resvg-js';
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { MetricsGroup, ResponseMetrics } from './types.js';

export interface ChartOptions {
  width?: number;
  height?: number;
  /** Shown at the top; also the SVG's accessible name. */
  title?: string;
}

interface Series {
  name: string;
  color: string;
  dashed: boolean;
  value: (g: MetricsGroup) => number | null;
}

const SERIES: Series[] = [
  { name: 'Acknowledge p50', color: '#1f6feb', dashed: false, value: (g) => g.tta.p50Ms },
  { name: 'Resolve p50', color: '#b3261e', dashed: false, value: (g) => g.ttr.p50Ms },
  { name: 'Resolve p90', color: '#b3261e', dashed: true, value: (g) => g.ttr.p90Ms },
];

const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
const MIN = 60_000;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const minutes = (ms: number | null) => (ms === null ? null : ms / MIN);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The chart as SVG text (standalone: width, height, viewBox, title and description for screen readers). */
export function responseChartSvg(metrics: Pick<ResponseMetrics, 'byWeek' | 'total' | 'targets'>, opts: ChartOptions = {}): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 360;
  const title = opts.title ?? 'Response times by week';
  const m = { top: 48, right: 24, bottom: 64, left: 56 };
  const weeks = metrics.byWeek;
  const sev1 = metrics.targets.sev1;
  const targetLines = [
    ...(sev1?.acknowledgeMs !== undefined ? [{ label: `SEV1 acknowledge target ${fmt(sev1.acknowledgeMs / MIN)}m`, value: sev1.acknowledgeMs / MIN, color: '#1f6feb' }] : []),
    ...(sev1?.resolveMs !== undefined ? [{ label: `SEV1 resolve target ${fmt(sev1.resolveMs / MIN)}m`, value: sev1.resolveMs / MIN, color: '#b3261e' }] : []),
  ];
  const values = weeks.flatMap((g) => SERIES.map((s) => minutes(s.value(g)))).filter((v): v is number => v !== null);
  const top = Math.max(1, ...values, ...targetLines.map((t) => t.value));
  const y = scaleLinear().domain([0, top]).nice().range([height - m.bottom, m.top]);
  const x = scalePoint<string>().domain(weeks.map((g) => g.key)).range([m.left, width - m.right]).padding(0.5);

  const out: string[] = [];
  const desc = weeks.length === 0
    ? 'No incidents in this period.'
    : `${metrics.total.incidents} incidents over ${weeks.length} week${weeks.length === 1 ? '' : 's'}.` +
      (metrics.total.metShare === null ? '' : ` ${Math.round(metrics.total.metShare * 100)}% met their targets.`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${FONT}">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<desc id="chart-desc">${escapeXml(desc)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${m.left}" y="24" font-size="16" font-weight="bold" fill="#1b1b1b">${escapeXml(title)}</text>`,
  );
  // Grid and y axis (minutes).
  for (const tick of y.ticks(5)) {
    const ty = y(tick).toFixed(1);
    out.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${ty}" y2="${ty}" stroke="#e3e3e3"/>`,
      `<text x="${m.left - 8}" y="${ty}" font-size="11" fill="#555" text-anchor="end" dominant-baseline="middle">${fmt(tick)}m</text>`,
    );
  }
  out.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#999"/>`);
  // Weeks along the bottom (every label when they fit, else every other).
  const every = weeks.length > 12 ? Math.ceil(weeks.length / 12) : 1;
  weeks.forEach((g, i) => {
    if (i % every !== 0) return;
    out.push(`<text x="${x(g.key)!.toFixed(1)}" y="${height - m.bottom + 16}" font-size="11" fill="#555" text-anchor="middle">${escapeXml(g.key.slice(5))}</text>`);
  });
  out.push(`<text x="${((m.left + width - m.right) / 2).toFixed(1)}" y="${height - m.bottom + 32}" font-size="11" fill="#555" text-anchor="middle">week starting (UTC)</text>`);
  for (const t of targetLines) {
    const ty = y(t.value).toFixed(1);
    out.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${ty}" y2="${ty}" stroke="${t.color}" stroke-opacity="0.5" stroke-dasharray="2 4"><title>${escapeXml(t.label)}</title></line>`);
  }
  // The series: a line through the weeks that have the measure, a dot on each.
  for (const s of SERIES) {
    const points = weeks.map((g) => [x(g.key)!, minutes(s.value(g))] as const);
    const path = line<(typeof points)[number]>()
      .defined((p) => p[1] !== null)
      .x((p) => p[0])
      .y((p) => y(p[1] ?? 0))(points);
    if (path) out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [px, v] of points) {
      if (v !== null) out.push(`<circle cx="${px.toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.color}"><title>${escapeXml(`${s.name}: ${fmt(v)}m`)}</title></circle>`);
    }
  }
  // Legend under the axis.
  SERIES.forEach((s, i) => {
    const lx = m.left + i * 170;
    const ly = height - 14;
    out.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${lx + 30}" y="${ly}" font-size="12" fill="#1b1b1b">${escapeXml(s.name)}</text>`,
    );
  });
  if (weeks.length === 0) {
    out.push(`<text x="${(width / 2).toFixed(1)}" y="${(height / 2).toFixed(1)}" font-size="14" fill="#555" text-anchor="middle">No incidents in this period</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/** The SVG as a PNG, rendered by resvg with the system's fonts (no browser). */
export function svgToPng(svg: string): Uint8Array {
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
