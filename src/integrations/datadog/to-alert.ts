// Integrations: a Datadog webhook (Firebreak template) → Alert. Pure.
import type { Alert, AlertLink, AlertStatus } from '../../domain/alert.js';
import { parseDatadogDate, type DatadogWebhook } from './webhook.schema.js';
import { httpUrl, nonEmpty } from '../normalize.js';

/** $ALERT_TRANSITION words (Datadog webhooks docs), lower-cased. Renotify/Re-* update the same alert. */
const FIRING = new Set(['triggered', 're-triggered', 'renotify', 'warn', 're-warn', 'no data', 're-no data']);
const RESOLVED = new Set(['recovered']);

export function transitionStatus(transition: string): AlertStatus | null {
  const t = transition.trim().toLowerCase();
  if (RESOLVED.has(t)) return 'resolved';
  if (FIRING.has(t)) return 'firing';
  return null;
}

/**
 * "$TAGS" and "$ALERT_SCOPE" are comma-separated `key:value` lists ("monitor, name:svc, role:db").
 * A tag without a value maps to ""; a key seen twice keeps every value, comma-joined.
 */
export function parseTagList(list: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of (list ?? '').split(',')) {
    const tag = part.trim();
    if (tag === '') continue;
    const colon = tag.indexOf(':');
    const key = colon < 0 ? tag : tag.slice(0, colon);
    const value = colon < 0 ? '' : tag.slice(colon + 1);
    if (key === '') continue;
    const seen = Object.hasOwn(tags, key) ? tags[key] : undefined;
    // defineProperty: a "__proto__" tag stays a tag instead of replacing the object's prototype.
    Object.defineProperty(tags, key, { value: seen === undefined || seen === value ? value : `${seen},${value}`, enumerable: true, writable: true, configurable: true });
  }
  return tags;
}

// "[P2] [Triggered on {host:web-01}] High CPU" → "High CPU": the prefixes change with every
// transition and would make the same alert look different in Slack.
const PREFIXES = /^(?:\s*\[(?:P[1-5]|Triggered|Re-Triggered|Recovered|Warn|Re-Warn|No Data|Re-No Data|Renotify)(?: on \{[^}]*\})?\])+\s*/i;

function firstValue(tags: Record<string, string>, key: string): string | null {
  const v = Object.hasOwn(tags, key) ? tags[key]?.split(',')[0]?.trim() : undefined;
  return v ? v : null;
}



function links(p: DatadogWebhook): AlertLink[] {
  const out: AlertLink[] = [];
  const link = httpUrl(p.link);
  const monitorId = nonEmpty(p.alert_id);
  // $LINK points at the event on the org's own site (datadoghq.eu, us5 …): the monitor lives there too.
  if (link !== null && monitorId !== null && /^\d+$/.test(monitorId)) {
    out.push({ kind: 'monitor', url: `${new URL(link).origin}/monitors/${monitorId}` });
  }
  const snapshot = httpUrl(p.snapshot);
  if (snapshot !== null) out.push({ kind: 'graph', url: snapshot });
  if (link !== null) out.push({ kind: 'source', url: link });
  return out;
}

/** $EVENT_MSG wraps Markdown in %%% fences. */
function description(p: DatadogWebhook): string {
  const body = (p.body ?? '').replace(/^\s*%%%\s*\n?/, '').replace(/\n?\s*%%%\s*$/, '').trim();
  return body !== '' ? body : (p.alert_status ?? '').trim();
}

/**
 * Null when the transition is not one we know (the caller ignores the delivery). `raw` is the body
 * as received: the template carries no credentials (those travel in headers).
 */
export function toAlert(p: DatadogWebhook, raw: unknown): Alert | null {
  const status = transitionStatus(p.alert_transition);
  if (status === null) return null;
  const tags = { ...parseTagList(p.tags), ...parseTagList(p.alert_scope) };
  const at = parseDatadogDate(p.date);
  const title = (nonEmpty(p.alert_title) ?? p.title).replace(PREFIXES, '').trim();
  return {
    source: 'datadog',
    key: p.alert_cycle_key.trim(),
    groupKey: null,
    status,
    // Monitor priority when set; otherwise the alert type (error / warning / info).
    sourceSeverity: nonEmpty(p.alert_priority) ?? nonEmpty(p.alert_type),
    title: title !== '' ? title : p.title,
    description: description(p),
    service: firstValue(tags, 'service'),
    environment: firstValue(tags, 'env'),
    tags,
    links: links(p),
    startedAt: status === 'firing' ? at : null,
    endedAt: status === 'resolved' ? at : null,
    raw,
  };
}
