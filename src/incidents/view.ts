// Incidents: the incident as responders see it — its workflow's context plus its alerts from
// the store, read fresh, so a summary rendered from it is always true.
import type { AlertLine, EscalationStatus, IncidentView, PageFailureLine } from '../domain/incident.js';
import { loadIncidentRows } from '../store/incidents.js';
import { followupRow } from '../store/reports.js';
import type { Transport } from '../store/transport.js';
import type { IncidentContext } from '../workflows/incident/index.js';
import { workflowView, type WorkflowRunner } from '../workflows/runner.js';

export interface LoadedIncident {
  view: IncidentView;
  context: IncidentContext;
  summaryTs: string | null;
  workflowStatus: 'active' | 'done' | 'failed';
}

/**
 * One store call reads the workflow and its alerts together (an effect reads the incident before
 * every Slack call or page: this is on the declaration's hot path). `followups`: the same call also
 * reads them and the IPs the alerts carry (what the summary lists; paging does without). The runner
 * is not needed for the read; the parameter stays so every caller reads incidents the same way.
 */
export async function loadIncident(store: Transport, _runner: WorkflowRunner, incidentId: string, opts: { followups?: boolean } = {}): Promise<LoadedIncident | null> {
  const rows = await loadIncidentRows(store, incidentId, { extras: opts.followups ?? false });
  const followups = rows.followups?.map(followupRow) ?? null;
  const ipsSeen = rows.ips ?? null;
  const wf = rows.workflow ? workflowView(rows.workflow) : null;
  if (!wf || wf.kind !== 'incident') return null;
  const c = wf.context as IncidentContext;
  const { alerts } = rows;
  const latest: AlertLine[] = alerts.latest.map((a) => ({ source: a.source, title: a.title, status: a.status, url: firstLink(a.links) }));
  const view: IncidentView = {
    id: c.id,
    number: c.number,
    title: c.title,
    severity: c.severity,
    status: c.status,
    service: c.service,
    roles: c.roles,
    declaredBy: c.declaredBy,
    declaredAt: c.declaredAt ?? new Date(0).toISOString(),
    acknowledgedAt: c.acknowledgedAt,
    resolvedAt: c.resolvedAt,
    alerts: { firing: Number(alerts.firing), resolved: Number(alerts.resolved), latest },
    lastUpdate: c.lastUpdate,
    channel: c.channel,
    escalation: escalationStatus(c),
    pageFailures: (c.pageFailures ?? []).map((f): PageFailureLine => ({ level: f.level === null ? null : f.level + 1, targets: f.targets, error: f.error, final: f.final })),
    ...(ipsSeen !== null && { ipsSeen }),
  };
  if (c.onCall) view.onCall = c.onCall;
  if (followups !== null) view.followups = followups.map((f) => ({ id: f.id, text: f.text, owner: f.owner, due: f.due, done: f.state === 'done' }));
  return { view, context: c, summaryTs: c.summaryTs, workflowStatus: wf.status };
}

/** Null when the incident has no policy (nobody is paged by the clock). Context fields added later are read defensively. */
function escalationStatus(c: IncidentContext): EscalationStatus | null {
  const e = c.escalation;
  const policy = e?.policy;
  if (!policy || policy.levels.length === 0) return null;
  const timeout = policy.levels[e.level]?.timeoutMs;
  const since = e.since ? Date.parse(e.since) : NaN;
  return {
    policy: policy.name,
    level: e.level + 1,
    levels: policy.levels.length,
    round: e.round,
    repeat: policy.repeat,
    nextAt: timeout === undefined || Number.isNaN(since) ? null : new Date(since + timeout).toISOString(),
    exhausted: e.exhausted ?? false,
  };
}

function firstLink(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  const preferred = ['monitor', 'issue', 'source', 'graph', 'dashboard', 'runbook'];
  const typed = links.filter((l): l is { kind: string; url: string } => typeof l?.url === 'string');
  typed.sort((a, b) => preferred.indexOf(a.kind) - preferred.indexOf(b.kind));
  return typed[0]?.url ?? null;
}
