// Edge (console): `/incidents/<n>` — one incident as recorded: summary, timeline, alerts, pages,
// actions and approvals, diagnostics evidence, follow-ups and the post-mortem. A section shows what
// the store holds; an empty one says so rather than vanishing, so nobody wonders if it failed.
import type { IncidentDetail, TimelineEntry } from '../../incidents/browse.js';
import { between, duration, time } from './format.js';
import { html, safeUrl, type SafeHtml } from './html.js';

const isPage = (e: TimelineEntry) => e.kind.startsWith('escalation.') || e.kind === 'incident.acknowledged';
const isEvidence = (e: TimelineEntry) => e.kind.startsWith('diagnostics.') || e.kind.startsWith('evidence.');
const isAction = (e: TimelineEntry) => e.kind.startsWith('approval.') || e.kind.startsWith('action.') || e.kind.startsWith('remediation.');
const isFollowUp = (e: TimelineEntry) => e.kind.startsWith('followup.');

function entries(list: TimelineEntry[], empty: string): SafeHtml {
  if (list.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ol class="timeline">${list.map((e) => html`<li><span class="when">${time(e.at, true)}</span> ${e.message}${e.actor ? html` <span class="who">— ${e.actor}</span>` : ''}</li>`)}</ol>`;
}

export function incidentView(d: IncidentDetail): SafeHtml {
  const { view: v, context: c } = d.incident;
  const alerts = d.alerts as Array<IncidentDetail['alerts'][number] & { first_seen?: string; last_seen?: string }>;
  const pm = c.postmortem ?? null;
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
${entries(d.timeline, 'Nothing recorded yet.')}
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
${entries(d.timeline.filter(isPage), 'Nobody has been paged.')}
</section>
<section aria-labelledby="h-actions">
<h2 id="h-actions">Actions and approvals</h2>
${entries(d.timeline.filter(isAction), 'No actions requested.')}
${d.audit.length === 0 ? '' : html`<table><caption>Audit log</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Outcome</th></tr></thead>
<tbody>${d.audit.map((a) => html`<tr><td>${time(a.at, true)}</td><td>${a.actor}${a.via ? html` <span class="muted">via ${a.via}</span>` : ''}</td><td>${a.action}</td><td>${a.outcome ?? '—'}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="h-evidence">
<h2 id="h-evidence">Evidence</h2>
${entries(d.timeline.filter(isEvidence), 'No diagnostics evidence recorded.')}
</section>
<section aria-labelledby="h-followups">
<h2 id="h-followups">Follow-ups</h2>
${entries(d.timeline.filter(isFollowUp), 'No follow-ups.')}
</section>
<section aria-labelledby="h-postmortem">
<h2 id="h-postmortem">Post-mortem</h2>
${pm === null
    ? html`<p class="muted">${v.resolvedAt ? 'No post-mortem requested.' : 'Drafted when the incident resolves.'}</p>`
    : html`<p>Post-mortem ${pm.state}${pm.by ? html` (marked by ${pm.by})` : ''}.</p>`}
</section>`;
}
