// Domain: the one Alert every source is normalized into, and the words it is made of.

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
/** sev1 is the worst. */
export type Severity = (typeof SEVERITIES)[number];

/**
 * The alert sources, by name: the words firebreak.yaml may use (routing rules, severity words,
 * `sources.<name>`). What each source is — its variables, severity words, webhook — is its
 * descriptor in src/integrations/<vendor>/index.ts, listed in src/integrations/sources.ts; the
 * compiler and a test keep this list and that one the same.
 */
export const ALERT_SOURCES = ['pagerduty', 'datadog', 'sentry', 'alertmanager', 'grafana', 'generic', 'security'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];
/**
 * Sources with no webhook of their own: `security` alerts are raised by detection rules over the
 * security events that POST /webhooks/events takes (src/security/).
 */
export const INTERNAL_SOURCES = ['security'] as const satisfies readonly AlertSource[];
export type WebhookAlertSource = Exclude<AlertSource, (typeof INTERNAL_SOURCES)[number]>;

export type AlertStatus = 'firing' | 'resolved';

export interface AlertLink {
  kind: 'monitor' | 'issue' | 'runbook' | 'graph' | 'source' | 'dashboard' | 'silence';
  url: string;
}

export interface Alert {
  source: AlertSource;
  /**
   * Identity within the source: every delivery about the same alert carries the same key
   * (Datadog alert_cycle_key, Sentry issue id, Alertmanager fingerprint, …).
   */
  key: string;
  /**
   * Alerts the source itself groups into one notification (Alertmanager receiver + groupKey,
   * Grafana orgId + groupKey): they belong in one incident. Null: correlate by service.
   */
  groupKey: string | null;
  status: AlertStatus;
  /** The source's own severity word (Datadog priority, Sentry level, `severity` label, PD urgency). */
  sourceSeverity: string | null;
  title: string;
  description: string;
  service: string | null;
  environment: string | null;
  /** Tags and labels, flattened to strings. */
  tags: Record<string, string>;
  links: AlertLink[];
  /** ISO 8601, when the source says. */
  startedAt: string | null;
  endedAt: string | null;
  /** The payload as received, secrets removed. Kept verbatim: escaping happens when rendered. */
  raw: unknown;
}

/**
 * What the PagerDuty webhook (two-way sync) says about an incident that may be one Firebreak paged:
 * the edge asks the store, and either forwards the action to that incident's workflow or (for a
 * trigger we did not cause) treats it as an alert.
 */
export interface ExternalIncidentAction {
  system: 'pagerduty';
  externalId: string;
  action: 'triggered' | 'acknowledged' | 'resolved' | 'reopened';
  actor: string | null;
  /** PagerDuty's incident_key: for incidents Firebreak paged, our dedup_key (the incident id). */
  incidentKey?: string | null;
}
