// Edge: generic alert payload → Alert (pure).
import type { Alert } from '../../domain/alert.js';
import type { GenericAlert } from './webhook.schema.js';
import { isoTime } from '../normalize.js';


export function toAlert(alert: GenericAlert): Alert {
  const tags = Object.fromEntries(Object.entries(alert.tags ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    source: 'generic',
    key: alert.key,
    groupKey: alert.group_key ?? null,
    status: alert.status,
    sourceSeverity: alert.severity ?? null,
    // A resolve may name only the key: the title it had while firing is already stored.
    title: alert.title ?? alert.key,
    description: alert.description ?? '',
    service: alert.service ?? tags.service ?? null,
    environment: alert.environment ?? tags.env ?? tags.environment ?? null,
    tags,
    links: (alert.links ?? []).map(({ kind, url }) => ({ kind, url })),
    startedAt: isoTime(alert.started_at),
    endedAt: alert.status === 'resolved' ? isoTime(alert.ended_at) : null,
    raw: alert,
  };
}
