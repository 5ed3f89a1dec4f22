// Integrations: Sentry issue alerts, metric alerts and issue resolutions → Alert. Pure.
import type { Alert, AlertLink } from '../../domain/alert.js';
import type { SentryEventAlert, SentryIssue, SentryMetricAlert } from './webhook.schema.js';
import { withoutSecrets } from './without-secrets.js';
import { httpUrl, isoTime, nonEmpty } from '../normalize.js';




/** `[["level","error"],["browser","Chrome"]]` → `{ level: "error", browser: "Chrome" }`. */
export function pairsToTags(pairs: readonly unknown[] | null | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    if (Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string' && pair[0] !== '') {
      Object.defineProperty(tags, pair[0], { value: pair[1], enumerable: true, writable: true, configurable: true });
    }
  }
  return tags;
}

/** The project slug from an event's API URL: /api/0/projects/<org>/<project>/events/<id>/. */
function projectOfEventUrl(url: string | null | undefined): string | null {
  const m = /\/projects\/[^/]+\/([^/]+)\/events\//.exec(url ?? '');
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The issue's page from an event's page: …/issues/<id>/events/<event>/ → …/issues/<id>/. */
function issuePage(eventPage: string | null): string | null {
  const m = eventPage ? /^(.*\/issues\/[^/]+\/)events\/[^/]+\/?$/.exec(eventPage) : null;
  return m ? m[1]! : null;
}

/** An issue alert rule fired: keyed by the issue, so `issue.resolved` later resolves it. */
export function eventAlertToAlert(p: SentryEventAlert, raw: unknown): Alert {
  const e = p.data.event;
  const tags = pairsToTags(e.tags);
  const eventPage = httpUrl(e.web_url);
  const links: AlertLink[] = [];
  const issue = issuePage(eventPage);
  if (issue !== null) links.push({ kind: 'issue', url: issue });
  if (eventPage !== null) links.push({ kind: 'source', url: eventPage });
  const rule = nonEmpty(p.data.triggered_rule);
  return {
    source: 'sentry',
    key: e.issue_id,
    groupKey: null,
    status: 'firing',
    sourceSeverity: nonEmpty(e.level) ?? nonEmpty(tags.level),
    title: e.title,
    description: [nonEmpty(e.culprit), rule && `Alert rule: ${rule}`].filter(Boolean).join('\n'),
    service: projectOfEventUrl(e.url),
    environment: nonEmpty(e.environment) ?? nonEmpty(tags.environment),
    tags,
    links,
    startedAt: isoTime(e.datetime),
    endedAt: null,
    raw: withoutSecrets(raw),
  };
}

/** The metric alert's incident number is per organization; the org id makes it unique. */
export function metricAlertKey(p: SentryMetricAlert): string {
  return `${p.data.metric_alert.organization_id}:${p.data.metric_alert.identifier}`;
}

export function metricAlertToAlert(p: SentryMetricAlert, raw: unknown): Alert {
  const m = p.data.metric_alert;
  const rule = m.alert_rule;
  const projects = rule.projects?.length ? rule.projects : (m.projects ?? []);
  const resolved = p.action === 'resolved';
  const tags: Record<string, string> = {};
  for (const [k, v] of [['project', projects.join(',')], ['alert_rule_id', rule.id], ['dataset', rule.dataset], ['aggregate', rule.aggregate], ['query', rule.query]] as const) {
    if (v) tags[k] = v;
  }
  const page = httpUrl(p.data.web_url);
  return {
    source: 'sentry',
    key: metricAlertKey(p),
    groupKey: null,
    status: resolved ? 'resolved' : 'firing',
    // Sentry's own words for a metric alert; the severity map knows critical and warning.
    sourceSeverity: resolved ? null : p.action,
    // The rule's name stays the same across critical → warning → resolved; description_title does not.
    title: rule.name,
    description: nonEmpty(p.data.description_text) ?? nonEmpty(p.data.description_title) ?? '',
    service: nonEmpty(projects[0]),
    environment: nonEmpty(rule.environment),
    tags,
    links: page ? [{ kind: 'monitor', url: page }] : [],
    startedAt: isoTime(m.date_started),
    endedAt: resolved ? isoTime(m.date_closed) : null,
    raw: withoutSecrets(raw),
  };
}

/** Resolving the issue resolves the issue alert: same key as `eventAlertToAlert`. */
export function issueResolvedToAlert(p: SentryIssue, raw: unknown, resolvedAt: string | null): Alert {
  const i = p.data.issue;
  const page = httpUrl(i.web_url) ?? httpUrl(i.permalink);
  return {
    source: 'sentry',
    key: i.id,
    groupKey: null,
    status: 'resolved',
    sourceSeverity: nonEmpty(i.level),
    title: i.title,
    description: nonEmpty(i.culprit) ?? '',
    service: nonEmpty(i.project?.slug),
    environment: null,
    tags: nonEmpty(i.shortId) ? { short_id: i.shortId!.trim() } : {},
    links: page ? [{ kind: 'issue', url: page }] : [],
    startedAt: isoTime(i.firstSeen),
    endedAt: resolvedAt,
    raw: withoutSecrets(raw),
  };
}
