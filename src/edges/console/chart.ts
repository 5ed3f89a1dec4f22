// Edge (console): charts as inline SVG built on the server — no script, no style attribute (colours
// come from the stylesheet's classes), a title and description for screen readers, and every
// number escaped like any other text.
import { html, type SafeHtml } from './html.js';

const W = 640;
const H = 260;
const M = { left: 56, right: 12, top: 12, bottom: 40 };

export interface Series {
  /** Shown in the legend and the accessible description. */
  name: string;
  /** Stylesheet class (colour). */
  cls: string;
  values: Array<number | null>;
}

interface ChartSpec {
  id: string;
  title: string;
  labels: string[];
  series: Series[];
  /** How a y value is written on the axis. */
  format: (v: number) => string;
  /** How a label is written under the x axis (default: a date's month and day, `11-23`). */
  tick?: (label: string) => string;
}

const TICKS = 4;

/** The top of the y axis: four equal steps of a round size (1, 2, 2.5 or 5 × a power of ten; whole steps for counts). */
export function axisMax(v: number, whole = false): number {
  if (v <= 0) return TICKS;
  const raw = v / TICKS;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  let step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
  if (whole) step = Math.max(1, Math.ceil(step));
  return step * TICKS;
}

function frame(spec: ChartSpec, max: number, body: SafeHtml, describe: string): SafeHtml {
  const ih = H - M.top - M.bottom;
  const ticks = Array.from({ length: TICKS + 1 }, (_, i) => i / TICKS).map((f) => ({ y: M.top + ih - f * ih, v: f * max }));
  const step = Math.max(1, Math.ceil(spec.labels.length / 8));
  const bw = (W - M.left - M.right) / Math.max(1, spec.labels.length);
  const tick = spec.tick ?? ((l: string) => l.slice(5));
  return html`<svg class="chart" id="${spec.id}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${spec.id}-t ${spec.id}-d" xmlns="http://www.w3.org/2000/svg">
<title id="${spec.id}-t">${spec.title}</title>
<desc id="${spec.id}-d">${describe}</desc>
${ticks.map((t) => html`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${t.y.toFixed(1)}" y2="${t.y.toFixed(1)}"/><text x="${M.left - 6}" y="${(t.y + 4).toFixed(1)}" text-anchor="end">${spec.format(t.v)}</text>`)}
<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}"/>
<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>
${body}
${spec.labels.map((l, i) => (i % step === 0 ? html`<text x="${(M.left + bw * i + bw / 2).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${tick(l)}</text>` : ''))}
</svg>`;
}

function describeSeries(spec: ChartSpec): string {
  return spec.series
    .map((s) => `${s.name}: ${s.values.map((v, i) => `${spec.labels[i]} ${v === null ? 'none' : spec.format(v)}`).join(', ')}`)
    .join('. ');
}

/** One bar per label, the series stacked (counts). */
export function stackedBars(spec: ChartSpec): SafeHtml {
  const totals = spec.labels.map((_, i) => spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = axisMax(Math.max(0, ...totals), true);
  const ih = H - M.top - M.bottom;
  const bw = (W - M.left - M.right) / Math.max(1, spec.labels.length);
  const bars = spec.labels.map((_, i) => {
    let y = M.top + ih;
    return spec.series.map((s) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return '';
      const h = (v / max) * ih;
      y -= h;
      return html`<rect class="${s.cls}" x="${(M.left + bw * i + bw * 0.15).toFixed(1)}" y="${y.toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${h.toFixed(1)}"><title>${spec.labels[i]}: ${s.name} ${spec.format(v)}</title></rect>`;
    });
  });
  return frame(spec, max, html`${bars}`, describeSeries(spec));
}

/** One line per series over the labels; a null value breaks the line. */
export function lines(spec: ChartSpec): SafeHtml {
  const all = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = axisMax(Math.max(0, ...all));
  const ih = H - M.top - M.bottom;
  const bw = (W - M.left - M.right) / Math.max(1, spec.labels.length);
  const x = (i: number) => M.left + bw * i + bw / 2;
  const y = (v: number) => M.top + ih - (v / max) * ih;
  const body = spec.series.map((s) => {
    const runs: string[] = [];
    let run: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length) runs.push(run.join(' '));
        run = [];
      } else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    if (run.length) runs.push(run.join(' '));
    const kind = s.cls.replace(/^l-/, '');
    return html`${runs.map((points) => html`<polyline class="line ${s.cls}" points="${points}"/>`)}${s.values.map((v, i) =>
      v === null ? '' : html`<circle class="d-${kind}" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3"><title>${spec.labels[i]}: ${s.name} ${spec.format(v)}</title></circle>`)}`;
  });
  const empty = all.length === 0 ? html`<text class="empty" x="${(M.left + (W - M.left - M.right) / 2).toFixed(1)}" y="${(M.top + ih / 2).toFixed(1)}" text-anchor="middle">No data in this period</text>` : '';
  return frame(spec, max, html`${body}${empty}`, all.length === 0 ? 'No data in this period.' : describeSeries(spec));
}

/**
 * One horizontal bar per label, each the whole of that label's count split by the series (met,
 * missed, …), with a note at its end (the share met). A label with nothing to split says so.
 */
export function shareBars(spec: Omit<ChartSpec, 'format' | 'tick'> & { notes: string[] }): SafeHtml {
  const left = 90;
  const right = 96; // room for the longest note ("none judged", "100% met")
  const row = 30;
  const top = 8;
  const h = top + row * spec.labels.length + 24;
  const iw = W - left - right;
  const axisY = top + row * spec.labels.length;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => left + f * iw);
  const bars = spec.labels.map((label, i) => {
    const total = spec.series.reduce((n, s) => n + (s.values[i] ?? 0), 0);
    const y = top + row * i + 5;
    const mid = (top + row * i + row / 2 + 4).toFixed(1);
    if (total === 0) return html`<text x="${left - 8}" y="${mid}" text-anchor="end">${label}</text><text class="empty-row" x="${left + 6}" y="${mid}">no incidents</text>`;
    let x = left;
    const parts = spec.series.map((s) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return '';
      const w = (v / total) * iw;
      x += w;
      return html`<rect class="${s.cls}" x="${(x - w).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${row - 10}"><title>${label}: ${s.name} ${v} of ${total}</title></rect>`;
    });
    return html`<text x="${left - 8}" y="${mid}" text-anchor="end">${label}</text>${parts}<text x="${left + iw + 6}" y="${mid}">${spec.notes[i] ?? ''}</text>`;
  });
  const describe = spec.labels.map((l, i) => `${l}: ${spec.series.map((s) => `${s.name} ${s.values[i] ?? 0}`).join(', ')}${spec.notes[i] ? ` (${spec.notes[i]})` : ''}`).join('. ');
  return html`<svg class="chart" id="${spec.id}" viewBox="0 0 ${W} ${h}" role="img" aria-labelledby="${spec.id}-t ${spec.id}-d" xmlns="http://www.w3.org/2000/svg">
<title id="${spec.id}-t">${spec.title}</title>
<desc id="${spec.id}-d">${describe}.</desc>
${grid.map((gx, i) => html`<line class="grid" x1="${gx.toFixed(1)}" x2="${gx.toFixed(1)}" y1="${top}" y2="${axisY}"/><text x="${gx.toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${i * 25}%</text>`)}
${bars}
<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${axisY}"/>
</svg>`;
}
