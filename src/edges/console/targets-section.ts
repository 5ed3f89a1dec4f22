// Edge (console): /stats' targets section — for each severity with a target (firebreak.yaml
// `targets`), how many incidents met, missed or are not yet judged against each target and all of
// them together, and the share met; as a table and a bar per severity. Incidents of a severity
// without a target are counted apart, never as met. The verdicts are the reports feature's.
import type { TargetMeasure, TargetShares, TargetTally } from '../../reports/index.js';
import { shareBars } from './chart.js';
import { duration } from './format.js';
import { html, type SafeHtml } from './html.js';

const MEASURE: Record<TargetMeasure, string> = { detect: 'Detect', acknowledge: 'Acknowledge', resolve: 'Resolve' };
const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The share met as a whole percentage; an em dash when none was judged. */
export const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

function cells(t: TargetTally): SafeHtml {
  return html`<td class="num">${t.met}</td><td class="num">${t.missed}</td><td class="num">${t.pending + t.unmeasured}</td><td class="num">${percent(t.metShare)}</td>`;
}

export function targetsSection(t: TargetShares): SafeHtml {
  const heading = html`<h2 id="targets-heading">Response targets</h2>`;
  const noTarget = t.noTarget.bySeverity.map((s) => html`<tbody><tr><th scope="row">${s.severity}<br><span class="muted">${count(s.incidents, 'incident')}</span></th><td colspan="5">No target set: not counted as met or missed</td></tr></tbody>`);
  if (t.bySeverity.length === 0) {
    return html`${heading}
<p class="notice" id="no-targets">No response targets are set, so no incident is judged against one. Set them in firebreak.yaml, e.g. <code>targets: { sev1: { detect: 2m, acknowledge: 5m, resolve: 15m } }</code>.</p>`;
  }
  const o = t.total.overall;
  const judged = o.met + o.missed;
  const summary = judged === 0
    ? html`No incident with a target has been judged yet.`
    : html`${o.met.toLocaleString('en-US')} of ${count(judged, 'judged incident')} with a target met every target (${percent(o.metShare)}).`;
  // Never empty: a severity is listed only with a target, and the total only when one is.
  const group = (label: SafeHtml, measures: Array<TargetTally & { measure: TargetMeasure; targetMs?: number }>, overall: TargetTally) => html`<tbody>
${measures.map((m, i) => html`<tr>${i === 0 ? html`<th scope="rowgroup" rowspan="${measures.length + 1}">${label}</th>` : ''}<td>${MEASURE[m.measure]}${m.targetMs === undefined ? '' : ` within ${duration(m.targetMs)}`}</td>${cells(m)}</tr>`)}
<tr class="overall"><td>Every target</td>${cells(overall)}</tr>
</tbody>`;
  return html`${heading}
<p id="targets-summary">${summary} Each incident is judged by the highest severity it reached.</p>
<table id="targets" aria-describedby="targets-note"><caption>Incidents against the response targets, by severity</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Target</th><th scope="col" class="num">Met</th><th scope="col" class="num">Missed</th><th scope="col" class="num">Not judged</th><th scope="col" class="num">Share met</th></tr></thead>
${t.bySeverity.map((s) => group(html`${s.severity}<br><span class="muted">${count(s.incidents, 'incident')}</span>`, s.measures, s.overall))}
${group(html`All with a target<br><span class="muted">${count(t.total.incidents, 'incident')}</span>`, t.total.measures, t.total.overall)}
${noTarget}
</table>
<p class="muted" id="targets-note">Share met = met ÷ (met + missed). Not judged: still open and within the target, or nothing to measure (an incident declared by hand before any alert has no time to detect).</p>
<figure class="chart narrow">
<figcaption>Incidents meeting every target, by severity</figcaption>
${shareBars({ id: 'chart-targets', title: 'Incidents meeting every target, by severity', labels: t.bySeverity.map((s) => s.severity), notes: t.bySeverity.map((s) => (s.overall.metShare === null ? 'none judged' : `${percent(s.overall.metShare)} met`)),
    series: [
      { name: 'met', cls: 's-met', values: t.bySeverity.map((s) => s.overall.met) },
      { name: 'missed', cls: 's-missed', values: t.bySeverity.map((s) => s.overall.missed) },
      { name: 'not judged', cls: 's-pending', values: t.bySeverity.map((s) => s.overall.pending + s.overall.unmeasured) },
    ] })}
<ul class="legend"><li><span class="key met"></span>met</li><li><span class="key missed"></span>missed</li><li><span class="key pending"></span>not judged</li></ul>
</figure>`;
}
