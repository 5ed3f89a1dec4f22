// Edge (console): `/incidents/<n>` — one incident as recorded: summary, timeline, alerts, pages,
// actions and approvals, diagnostics evidence, follow-ups and the post-mortem. A section shows what
// the store holds; an empty one says so rather than vanishing, so nobody wonders if it failed.
import type { IncidentDetail } from '../../incidents/browse.js';
import type { Followup, TimelineItem } from '../../reports/index.js';
import { between, duration, time } from './format.js';
import { html, safeUrl, type SafeHtml } from './html.js';

/** What the reports feature adds to an incident's page. */
export interface IncidentReport {
  /** Oldest first; `older` set when earlier entries were left out. */
  timeline: { items: TimelineItem[]; older: number | null };
  followups: Followup[];
  /** The post-mortem draft rendered, once there is one (after resolve). */
  postmortem: SafeHtml | null;
}

const CATEGORY_LABELS: Partial<Record<TimelineItem['category'], string>> = {
  alert: 'alert', declaration: 'declared', paging: 'page', acknowledgement: 'ack', status: 'status', note: 'note', role: 'role',
  severity: 'severity', evidence: 'evidence', action: 'action', resolution: 'resolution', postmortem: 'post-mortem', followup: 'follow-up', chat: 'chat',
};

function who(e: TimelineItem): string | null {
  const a = e.actor;
  if (a === null) return null;
  switch (a.kind) {
    case 'slack-user': return a.id;
    case 'alert': return `${a.source} alert`;
    case 'pagerduty': return `PagerDuty (${a.name})`;
    case 'firebreak': return 'Firebreak';
    default: return a.id;
  }
}

function entries(list: TimelineItem[], empty: string, opts: { category?: boolean } = {}): SafeHtml {
  if (list.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ol class="timeline">${list.map((e) => {
    const actor = who(e);
    return html`<li><span class="when">${time(e.at, true)}</span>${opts.category ? html` <span class="category">${CATEGORY_LABELS[e.category] ?? e.kind}</span>` : ''} ${e.text}${e.breakGlass ? html` <strong class="break-glass">break-glass</strong>` : ''}${e.url ? html` <a href="${safeUrl(e.url)}" rel="noopener noreferrer">link</a>` : ''}${actor ? html` <span class="who">— ${actor}</span>` : ''}</li>`;
  })}</ol>`;
}

export function incidentView(d: IncidentDetail, r: IncidentReport): SafeHtml {
  const { view: v, context: c } = d.incident;
  const alerts = d.alerts as Array<IncidentDetail['alerts'][number] & { first_seen?: string; last_seen?: string }>;
  const pm = c.postmortem ?? null;
  const items = r.timeline.items;
  const of = (...cats: Array<TimelineItem['category']>) => items.filter((e) => cats.includes(e.category));
  return html`<h1>#${v.number} ${v.title}</h1>
<section aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<dl class="summary">
<dt>Status</dt><dd><span class="badge ${v.status === 'resolved' || v.status === 'closed' ? 'done' : 'open'}">${v.status}</span></dd>
<dt>Severity</dt><dd><span class="badge ${v.severity}">${v.severity}</span></dd>
<dt>Service</dt><dd>${v.service ?? '—'}</dd>
<dt>Commander</dt><dd>${v.roles.commander ?? 'unassigned'}</dd>
<dt>Declared by</dt><dd>${v.declaredBy}</dd>
<dt>Declared</dt><dd>${time(v.declaredAt, true)}</dd>
<dt>Acknowledged</dt><dd>${time(v.acknowledgedAt, true)} <span class="muted">(time to acknowledge ${duration(between(v.declaredAt, v.acknowledgedAt))})</span></dd>
<dt>Resolved</dt><dd>${time(v.resolvedAt, true)} <span class="muted">(time to resolve ${duration(between(v.declaredAt, v.resolvedAt))})</span></dd>
<dt>Channel</dt><dd>${v.channel ? `#${v.channel.name}` : '—'}${d.privacy.private ? ' (private)' : ''}</dd>
<dt>Alerts</dt><dd>${v.alerts.firing} firing, ${v.alerts.resolved} recovered</dd>
${v.escalation ? html`<dt>Escalation</dt><dd>${v.escalation.policy}: level ${v.escalation.level} of ${v.escalation.levels}${v.escalation.exhausted ? ' (exhausted)' : ''}</dd>` : ''}
${v.lastUpdate ? html`<dt>Last update</dt><dd>${v.lastUpdate.text}</dd>` : ''}
</dl>
</section>
<section aria-labelledby="h-timeline">
<h2 id="h-timeline">Timeline</h2>
${r.timeline.older !== null ? html`<p class="muted">Showing the latest ${items.length} entries; the whole timeline is in the JSON API and the post-mortem.</p>` : ''}
${entries(items, 'Nothing recorded yet.', { category: true })}
</section>
<section aria-labelledby="h-alerts">
<h2 id="h-alerts">Alerts</h2>
${alerts.length === 0
    ? html`<p class="muted">No alerts: declared by hand.</p>`
    : html`<table><caption>${alerts.length} alert${alerts.length === 1 ? '' : 's'}</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Severity</th><th scope="col" class="num">Count</th><th scope="col">First seen</th><th scope="col">Link</th></tr></thead>
<tbody>${alerts.map((a) => html`<tr><td>${a.source}</td><td>${a.title}</td><td>${a.status}</td><td>${a.severity}</td><td class="num">${a.count}</td><td>${time(a.first_seen)}</td>
<td>${a.links[0] ? html`<a href="${safeUrl(a.links[0].url)}" rel="noopener noreferrer">${a.links[0].kind || 'link'}</a>` : '—'}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="h-pages">
<h2 id="h-pages">Pages</h2>
${entries(of('paging', 'acknowledgement'), 'Nobody has been paged.')}
</section>
<section aria-labelledby="h-actions">
<h2 id="h-actions">Actions and approvals</h2>
${entries(of('action'), 'No actions requested.')}
${d.audit.length === 0 ? '' : html`<table><caption>Audit log</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Outcome</th></tr></thead>
<tbody>${d.audit.map((a) => html`<tr><td>${time(a.at, true)}</td><td>${a.actor}${a.via ? html` <span class="muted">via ${a.via}</span>` : ''}</td><td>${a.action}</td><td>${a.outcome ?? '—'}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="h-evidence">
<h2 id="h-evidence">Evidence</h2>
${entries(of('evidence'), 'No diagnostics evidence recorded.')}
</section>
<section aria-labelledby="h-followups">
<h2 id="h-followups">Follow-ups</h2>
${r.followups.length === 0
    ? html`<p class="muted">No follow-ups.</p>`
    : html`<table id="followups"><caption>${r.followups.filter((f) => f.state === 'open').length} open of ${r.followups.length}</caption>
<thead><tr><th scope="col" class="num">#</th><th scope="col">Follow-up</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Tracked in</th><th scope="col"><span class="visually-hidden">Change</span></th></tr></thead>
<tbody>${r.followups.map((f) => html`<tr><td class="num">${f.id}</td><td>${f.text}</td><td>${f.owner ?? '—'}</td><td>${f.due ?? '—'}</td><td>${f.state === 'done' ? html`done${f.doneAt ? html` ${time(f.doneAt)}` : ''}` : 'open'}</td>
<td>${f.externals.length === 0 ? '—' : f.externals.map((e, i) => html`${i > 0 ? html`<br>` : ''}<a href="${safeUrl(e.url)}" rel="noopener noreferrer">${e.system} ${e.key}</a>`)}</td>
<td>${f.state === 'open' ? html`<form method="post" action="/incidents/${v.number}/followups/${f.id}/done"><button type="submit" aria-label="Mark follow-up #${f.id} done">Mark done</button></form>` : ''}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="h-postmortem">
<h2 id="h-postmortem">Post-mortem</h2>
${pm === null ? '' : html`<p>Post-mortem ${pm.state === 'pending' ? 'being written' : pm.state}${pm.by ? html` (marked by ${pm.by})` : ''}.</p>`}
${r.postmortem === null
    ? html`<p class="muted">Drafted when the incident resolves.</p>`
    : html`<p><a href="/incidents/${v.number}/postmortem.md">The draft as Markdown</a></p><article class="postmortem" aria-label="Post-mortem draft">${r.postmortem}</article>`}
</section>`;
}
