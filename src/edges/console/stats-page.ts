// Edge (console): `/stats` — how fast the team responds, week by week: incidents by severity, and
// the median and 90th percentile of time to detect, acknowledge and resolve; then the share of
// incidents meeting the response targets (targets-section.ts). Charts are inline SVG with the
// numbers beside them in a table (for screen readers and for copying).
import type { WeekFigures } from '../../incidents/browse.js';
import type { TargetShares } from '../../reports/index.js';
import { lines, stackedBars } from './chart.js';
import { duration, time } from './format.js';
import { html, type SafeHtml } from './html.js';
import { targetsSection } from './targets-section.js';

export const STATS_RANGES = { '30d': 30, '90d': 90, '365d': 365 } as const;
export type StatsRange = keyof typeof STATS_RANGES;

/** Seconds as people read them; under a minute to a tenth of a second. */
const minutes = (v: number) => (v < 60 ? `${Math.round(v * 10) / 10}s` : duration(v * 1000));

const WEEK_MS = 7 * 86_400_000;

/** Every week of the period (Mondays, UTC), those without incidents as zero, so the x axis is time. */
export function everyWeek(weeks: WeekFigures[], from: Date, to: Date): WeekFigures[] {
  const byWeek = new Map(weeks.map((w) => [w.week, w]));
  const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const out: WeekFigures[] = [];
  for (let t = start.getTime(); t < to.getTime(); t += WEEK_MS) {
    const week = new Date(t).toISOString().slice(0, 10);
    out.push(byWeek.get(week) ?? {
      week, incidents: 0, by_severity: { sev1: 0, sev2: 0, sev3: 0, sev4: 0 },
      detect_p50_s: null, detect_p90_s: null, ack_p50_s: null, ack_p90_s: null, resolve_p50_s: null, resolve_p90_s: null,
    });
  }
  return out;
}

function timeChart(id: string, title: string, weeks: WeekFigures[], p50: (w: WeekFigures) => number | null, p90: (w: WeekFigures) => number | null): SafeHtml {
  return html`<figure class="chart">
<figcaption>${title}</figcaption>
${lines({ id, title, labels: weeks.map((w) => w.week), format: minutes, series: [
    { name: 'median', cls: 'l-p50', values: weeks.map(p50) },
    { name: '90th percentile', cls: 'l-p90', values: weeks.map(p90) },
  ] })}
<ul class="legend"><li><span class="key p50"></span>median</li><li><span class="key p90"></span>90th percentile</li></ul>
</figure>`;
}

export function statsView(opts: { range: StatsRange; service: string; services: string[]; weeks: WeekFigures[]; targets: TargetShares; from: Date; to: Date }): SafeHtml {
  const { range, service, services } = opts;
  const weeks = everyWeek(opts.weeks, opts.from, opts.to);
  const total = weeks.reduce((n, w) => n + w.incidents, 0);
  const option = (value: string, label: string, selected: string) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  return html`<h1>Response stats</h1>
<form class="filters" method="get" action="/stats" aria-label="Choose the period">
<label for="s-range">Period<select id="s-range" name="range">${Object.keys(STATS_RANGES).map((r) => option(r, `last ${r.replace('d', ' days')}`, range))}</select></label>
<label for="s-service">Service<select id="s-service" name="service">${option('', 'Any', service)}${services.map((s) => option(s, s, service))}</select></label>
<button type="submit">Show</button>
</form>
${total === 0
    ? html`<p class="notice" id="no-stats">No incidents in this period.</p>`
    : html`<p>${total.toLocaleString('en-US')} incident${total === 1 ? '' : 's'} in the last ${STATS_RANGES[range]} days${service ? html` for ${service}` : ''}, by week (weeks start on Monday, UTC).
<span class="muted">As of ${time(opts.to.toISOString(), true)}; recomputed at most every 30 seconds.</span></p>
<div class="charts">
<figure class="chart">
<figcaption>Incidents per week by severity</figcaption>
${stackedBars({ id: 'chart-incidents', title: 'Incidents per week by severity', labels: weeks.map((w) => w.week), format: (v) => String(Math.round(v)),
      series: (['sev1', 'sev2', 'sev3', 'sev4'] as const).map((s) => ({ name: s, cls: `s-${s}`, values: weeks.map((w) => w.by_severity[s]) })) })}
<ul class="legend">${(['sev1', 'sev2', 'sev3', 'sev4'] as const).map((s) => html`<li><span class="key ${s}"></span>${s}</li>`)}</ul>
</figure>
${timeChart('chart-detect', 'Time to detect (first alert → declared)', weeks, (w) => w.detect_p50_s, (w) => w.detect_p90_s)}
${timeChart('chart-ack', 'Time to acknowledge (declared → first ack)', weeks, (w) => w.ack_p50_s, (w) => w.ack_p90_s)}
${timeChart('chart-resolve', 'Time to resolve (first alert → resolved)', weeks, (w) => w.resolve_p50_s, (w) => w.resolve_p90_s)}
</div>
<details><summary>The figures as a table</summary>
<table><caption>Per week</caption>
<thead><tr><th scope="col">Week</th><th scope="col" class="num">Incidents</th><th scope="col" class="num">sev1</th><th scope="col" class="num">sev2</th><th scope="col" class="num">sev3</th><th scope="col" class="num">sev4</th>
<th scope="col" class="num">Acknowledge p50</th><th scope="col" class="num">Acknowledge p90</th><th scope="col" class="num">Resolve p50</th><th scope="col" class="num">Resolve p90</th></tr></thead>
<tbody>${weeks.map((w) => html`<tr><th scope="row">${w.week}</th><td class="num">${w.incidents}</td><td class="num">${w.by_severity.sev1}</td><td class="num">${w.by_severity.sev2}</td><td class="num">${w.by_severity.sev3}</td><td class="num">${w.by_severity.sev4}</td>
<td class="num">${w.ack_p50_s === null ? '—' : minutes(w.ack_p50_s)}</td><td class="num">${w.ack_p90_s === null ? '—' : minutes(w.ack_p90_s)}</td><td class="num">${w.resolve_p50_s === null ? '—' : minutes(w.resolve_p50_s)}</td><td class="num">${w.resolve_p90_s === null ? '—' : minutes(w.resolve_p90_s)}</td></tr>`)}</tbody>
</table></details>
${targetsSection(opts.targets)}`}`;
}
