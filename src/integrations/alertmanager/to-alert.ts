// Edge: Alertmanager webhook payload → Alert[] (pure). Grafana reuses the per-alert part.
import type { Alert, AlertLink } from '../../domain/alert.js';
import type { AlertmanagerAlert, AlertmanagerPayload } from './webhook.schema.js';
import { httpUrl, isoTime } from '../normalize.js';

/** Annotations that become the title, description or a link rather than a tag. */
const CONSUMED_ANNOTATIONS = new Set(['summary', 'description', 'message', 'runbook_url']);

/** A link only when it is an absolute http(s) URL (kept as sent). */
export function link(kind: AlertLink['kind'], url: string | undefined): AlertLink[] {
  return url && httpUrl(url) ? [{ kind, url }] : [];
}

/** The first of the names with a non-blank value, kept verbatim. */
function first(map: Record<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = map[name];
    if (value?.trim()) return value;
  }
  return null;
}

/**
 * Everything an Alertmanager-shaped alert says, except its identity (key, groupKey) and source.
 * Tags are the labels as written (routing rules match them), plus the annotations not used
 * above as `annotation.<name>`: Prometheus label names cannot contain '.', so they never
 * shadow a label (and a label wins if one ever does).
 */
export function describeAlert(alert: AlertmanagerAlert): Omit<Alert, 'source' | 'key' | 'groupKey' | 'raw'> {
  const { labels, annotations } = alert;
  const alertname = first(labels, ['alertname']);
  const instance = first(labels, ['instance']);
  const named = alertname && instance ? `${alertname} on ${instance}` : alertname;
  const extra = Object.entries(annotations).filter(([name]) => !CONSUMED_ANNOTATIONS.has(name));
  return {
    status: alert.status,
    sourceSeverity: first(labels, ['severity']),
    title: first(annotations, ['summary']) ?? named ?? `Alert ${alert.fingerprint}`,
    description: first(annotations, ['description', 'message']) ?? '',
    service: first(labels, ['service', 'app', 'job']),
    environment: first(labels, ['env', 'environment']),
    tags: Object.fromEntries([...extra.map(([name, value]) => [`annotation.${name}`, value]), ...Object.entries(labels)]),
    links: [...link('source', alert.generatorURL), ...link('runbook', annotations.runbook_url)],
    startedAt: isoTime(alert.startsAt),
    // Alertmanager zeroes a firing alert's endsAt (types.Alerts: "not reached yet, do not expose it").
    endedAt: alert.status === 'resolved' ? isoTime(alert.endsAt) : null,
  };
}

/**
 * One Alert per alert in the notification. They share `receiver/groupKey`, so one notification
 * correlates into one incident; each alert is keyed `receiver/fingerprint`, the same scope, so a
 * route with `continue: true` that sends one alert to two receivers yields one alert per incident
 * rather than one alert the second incident can never see. Each alert keeps its own status: a
 * firing notification with some alerts resolved is a partial recovery.
 */
export function toAlerts(payload: AlertmanagerPayload): Alert[] {
  // Alertmanager sends an empty groupKey only when it failed to compute one: correlate by service.
  const groupKey = payload.groupKey === '' ? null : `${payload.receiver}/${payload.groupKey}`;
  return payload.alerts.map((alert) => ({
    source: 'alertmanager',
    key: `${payload.receiver}/${alert.fingerprint}`,
    groupKey,
    ...describeAlert(alert),
    // Nothing in an Alertmanager payload is secret: the token travels in the Authorization header.
    raw: alert,
  }));
}
