// Integrations: PagerDuty v3 incident events → Alert and ExternalIncidentAction. Pure.
import type { Alert, ExternalIncidentAction } from '../../domain/alert.js';
import type { PagerDutyIncidentAction, PagerDutyIncidentTriggered } from './webhook.schema.js';
import { httpUrl, isoTime, nonEmpty } from '../normalize.js';




const ACTIONS = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
} as const;

/** What happened to a PagerDuty incident; the edge forwards it only if Firebreak paged that incident. */
export function toExternal(p: PagerDutyIncidentAction | PagerDutyIncidentTriggered): ExternalIncidentAction {
  return {
    system: 'pagerduty',
    externalId: p.event.data.id.trim(),
    action: ACTIONS[p.event.event_type],
    actor: nonEmpty(p.event.agent?.summary),
    incidentKey: nonEmpty(p.event.data.incident_key),
  };
}

/** A PagerDuty incident someone else opened, as an alert keyed by the incident id. */
export function toAlert(p: PagerDutyIncidentTriggered, raw: unknown): Alert {
  const d = p.event.data;
  const priority = nonEmpty(d.priority?.summary);
  const teams = (d.teams ?? []).map((t) => nonEmpty(t.summary)).filter((t) => t !== null);
  const assignees = (d.assignees ?? []).map((a) => nonEmpty(a.summary)).filter((a) => a !== null);
  const tags: Record<string, string> = { urgency: d.urgency };
  if (priority) tags.priority = priority;
  if (nonEmpty(d.service.id)) tags.pagerduty_service_id = d.service.id!.trim();
  if (nonEmpty(d.escalation_policy?.summary)) tags.escalation_policy = d.escalation_policy!.summary!.trim();
  if (teams.length > 0) tags.team = teams.join(',');
  const page = httpUrl(d.html_url);
  return {
    source: 'pagerduty',
    key: d.id.trim(),
    groupKey: null,
    status: 'firing',
    sourceSeverity: nonEmpty(d.urgency),
    title: d.title,
    description: [
      `PagerDuty incident${typeof d.number === 'number' ? ` #${d.number}` : ''} on ${d.service.summary}`,
      priority && `Priority: ${priority}`,
      assignees.length > 0 && `Assigned to: ${assignees.join(', ')}`,
    ].filter(Boolean).join('\n'),
    service: nonEmpty(d.service.summary),
    environment: null,
    tags,
    links: page ? [{ kind: 'source', url: page }] : [],
    startedAt: isoTime(d.created_at) ?? isoTime(p.event.occurred_at),
    endedAt: null,
    raw,
  };
}

/**
 * A resolve or reopen of a PagerDuty incident someone else opened: the same alert (keyed by the
 * incident id) recovers or fires again. For an incident Firebreak paged, the edge drops it and
 * forwards the action instead.
 */
export function toStatusAlert(p: PagerDutyIncidentAction, raw: unknown): Alert | null {
  const type = p.event.event_type;
  if (type !== 'incident.resolved' && type !== 'incident.reopened') return null;
  const d = p.event.data;
  const page = httpUrl(d.html_url);
  return {
    source: 'pagerduty',
    key: d.id.trim(),
    groupKey: null,
    status: type === 'incident.resolved' ? 'resolved' : 'firing',
    sourceSeverity: nonEmpty(d.urgency),
    title: nonEmpty(d.title) ?? `PagerDuty incident ${d.id.trim()}`,
    description: '',
    service: nonEmpty(d.service?.summary),
    environment: null,
    tags: {},
    links: page ? [{ kind: 'source', url: page }] : [],
    startedAt: null,
    endedAt: type === 'incident.resolved' ? isoTime(p.event.occurred_at) : null,
    raw,
  };
}
