// Domain: the one Alert every source is normalized into, and the words it is made of.

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
/** sev1 is the worst. */
export type Severity = (typeof SEVERITIES)[number];

/**
 * The name of the source an alert came from (`datadog`, `generic`, …). Opaque to the domain: rules
 * only compare it. The closed list is src/integrations/sources.ts (`SourceName`), which config and
 * the edge loop over, so a new source is one vendor folder and one line there.
 */
export type AlertSource = string;

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
