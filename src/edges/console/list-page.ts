// Edge (console): `/` — incidents, open first, with filters (status, severity, service, time) and
// pages of 50. A plain GET form: works without scripts, and every filtered view is a link.
import type { IncidentPage } from '../../incidents/browse.js';
import { duration, time } from './format.js';
import { html, type SafeHtml } from './html.js';
import { listHref, SEVERITY_CHOICES, STATUS_CHOICES, type ListQuery } from './query.js';

const STATUS_LABELS: Record<string, string> = { open: 'Open', done: 'Resolved or closed', any: 'Any' };

/** A vendor Firebreak cannot reach right now (its breaker is open), as the list page warns of it. */
export interface VendorDown {
  vendor: string;
  /** How long it has been unreachable. */
  down_ms: number;
  /** Effects parked until it is back. */
  waiting: number;
}

const VENDOR_NAMES: Record<string, string> = { slack: 'Slack', pagerduty: 'PagerDuty' };

/** Outages delay, never lose: say which vendor is away and what waits for it. */
export function outageNotice(down: readonly VendorDown[]): SafeHtml {
  if (down.length === 0) return html``;
  return html`<div class="notice" role="status" id="vendor-outages">${down.map((d) => html`<p><strong>${VENDOR_NAMES[d.vendor] ?? d.vendor} unreachable</strong> for ${duration(d.down_ms)}: ${Number(d.waiting).toLocaleString('en-US')} effect(s) wait for it and go out in order when it is back.</p>`)}</div>`;
}

export function listView(q: ListQuery, result: IncidentPage, services: string[], down: readonly VendorDown[] = []): SafeHtml {
  const { form, page, limit } = q;
  const option = (value: string, label: string, selected: string) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  const first = result.total === 0 ? 0 : (page - 1) * limit + 1;
  const last = Math.min(result.total, page * limit);
  const pages = Math.max(1, Math.ceil(result.total / limit));
  return html`<h1>Incidents</h1>
${outageNotice(down)}
<form class="filters" method="get" action="/" role="search" aria-label="Filter incidents">
<label for="f-status">Status<select id="f-status" name="status">${STATUS_CHOICES.map((s) => option(s, STATUS_LABELS[s] ?? s, form.status))}</select></label>
<label for="f-severity">Severity<select id="f-severity" name="severity">${option('', 'Any', form.severity)}${SEVERITY_CHOICES.map((s) => option(s, s, form.severity))}</select></label>
<label for="f-service">Service<select id="f-service" name="service">${option('', 'Any', form.service)}${[...new Set([...services, ...(form.service ? [form.service] : [])])].map((s) => option(s, s, form.service))}</select></label>
<label for="f-from">Opened from<input id="f-from" name="from" type="date" value="${form.from}"></label>
<label for="f-to">Opened to<input id="f-to" name="to" type="date" value="${form.to}"></label>
<button type="submit">Filter</button>
</form>
${result.total === 0
    ? html`<p class="notice" id="no-incidents">No incidents match these filters.${form.status === 'open' ? html` <a href="/?status=any">Show all incidents</a>.` : ''}</p>`
    : html`<table id="incidents">
<caption>Incidents ${first}–${last} of ${result.total.toLocaleString('en-US')}, open first</caption>
<thead><tr><th scope="col" class="num">#</th><th scope="col">Title</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Service</th><th scope="col">Opened</th><th scope="col" class="num">Alerts firing</th></tr></thead>
<tbody>
${result.items.map((i) => html`<tr>
<td class="num"><a href="/incidents/${i.number}">${i.number}</a></td>
<td><a href="/incidents/${i.number}">${i.title}</a></td>
<td><span class="badge ${i.severity}">${i.severity}</span></td>
<td><span class="badge ${i.open ? 'open' : 'done'}">${i.status}</span></td>
<td>${i.service ?? html`<span class="muted">—</span>`}</td>
<td>${time(i.opened_at)}</td>
<td class="num">${i.alerts_firing} / ${i.alerts_total}</td>
</tr>`)}
</tbody>
</table>
<nav class="pages" aria-label="Pages">
${page > 1 ? html`<a href="${listHref(form, page - 1)}" rel="prev">Previous</a>` : ''}
<span>Page ${page} of ${pages}</span>
${page < pages ? html`<a href="${listHref(form, page + 1)}" rel="next">Next</a>` : ''}
</nav>`}`;
}
