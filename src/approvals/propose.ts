// Approvals: a routing rule's `propose: block_ip` — when an alert it matches declares an incident
// and carries an IP, request block_ip for that IP at once, as the alert's source (so every approver
// counts). Runs after the ingest that declared the incident; a refusal (no block_ip in the catalog,
// a protected IP) is logged and recorded like any request.
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.js';
import type { Alert } from '../domain/alert.js';
import type { RouteDecision } from '../domain/routing.js';
import type { Delivery, IngestSummary, Incidents } from '../incidents/index.js';
import type { Approvals } from './index.js';

/** The tags and labels an IP is read from (the generic source's `tags` included). */
export const IP_TAGS = ['ip', 'client_ip', 'source_ip'] as const;

export function ipOf(alert: Pick<Alert, 'tags'>): string | null {
  for (const tag of IP_TAGS) {
    const v = alert.tags[tag]?.trim();
    if (v) return v;
  }
  return null;
}

export interface ProposeDeps {
  incidents: Pick<Incidents, 'read'>;
  approvals: Pick<Approvals, 'request'>;
  /** The live routing decision for an alert (the same one ingest made). */
  route: (alert: Alert) => RouteDecision;
  onError?: (what: string, err: unknown) => void;
}

/** For each incident this delivery declared: the first declaring alert whose rule proposes a block and carries an IP. */
export async function proposeOnDeclare(source: string, delivery: Delivery, summary: IngestSummary, deps: ProposeDeps): Promise<number> {
  if (summary.declared.length === 0) return 0;
  const declared = new Set(summary.declared.map((d) => d.id));
  const incidentOf = new Map(summary.alerts.map((a) => [a.key, a.incident_id]));
  const done = new Set<string>();
  let proposed = 0;
  for (const alert of delivery.alerts) {
    const incidentId = incidentOf.get(alert.key);
    if (!incidentId || !declared.has(incidentId) || done.has(incidentId)) continue;
    const route = deps.route(alert);
    const ip = ipOf(alert);
    if (route.propose !== 'block_ip' || !ip) continue;
    done.add(incidentId);
    try {
      const incident = await deps.incidents.read(incidentId);
      if (!incident) continue;
      const actor: Actor = { ...SYSTEM_ACTOR, id: `alert:${source}`, via: 'alert' };
      const r = await deps.approvals.request({
        incident, kind: 'block_ip', action: 'block_ip', params: { ip }, actor,
        reason: `proposed by routing rule ${route.rule ?? '(default)'}: ${alert.title}`,
      });
      if (r.ok) proposed++;
    } catch (err) {
      deps.onError?.(`propose block_ip for incident ${incidentId}`, err);
    }
  }
  return proposed;
}
