// Edge: generic alert payload → Alert (pure).
import type { Alert } from '../../domain/alert.js';
import type { GenericAlert } from './webhook.schema.js';

/** ISO 8601 UTC; the schema already checked the format, this only guards dates that do not exist. */
function iso(value: string | null | undefined): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

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
    startedAt: iso(alert.started_at),
    endedAt: alert.status === 'resolved' ? iso(alert.ended_at) : null,
    raw: alert,
  };
}
