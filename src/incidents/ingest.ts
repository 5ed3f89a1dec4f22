// Incidents: alerts in — route each parsed alert, plan the incident a declaring alert would open, and hand
// the whole delivery to the store's one atomic correlation call. PagerDuty actions on incidents
// we paged become events on those incidents, through the same durable inbox.
import type { Alert, AlertSource, ExternalIncidentAction } from '../domain/alert.js';
import { newIncidentId } from '../domain/incident.js';
import { correlationKey, routeAlert, type RoutingConfig } from '../domain/routing.js';
import type { SeverityMap } from '../domain/severity.js';
import { maskAlert, masksAnything, type MaskingRules } from '../domain/masking.js';
import { incidentByExternal, ingestAlerts, type IncidentCandidate, type IngestAlertRow, type IngestCall, type IngestResult, type IntakeLimits } from '../store/incidents.js';
import { StoreError, type Transport } from '../store/transport.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import type { ChatSettings, EscalationSnapshot, ReminderSettings } from '../workflows/incident/index.js';
import type { AttachedAlerts } from './attached-alerts.js';
import { planIncident } from './plan.js';

export interface IngestDeps {
  store: Transport;
  runner: WorkflowRunner;
  routing: () => RoutingConfig;
  /** The chat settings a new incident snapshots (channel naming, announcements). */
  chat: () => ChatSettings;
  /** The reminders a new incident snapshots (absent: none). */
  reminders?: () => ReminderSettings;
  /** Whether a declaration runs Diagnostics when its routing rule does not say (absent: no). */
  diagnosticsOnDeclare?: () => boolean;
  /** The escalation policy a new incident snapshots, by name (null: none configured). */
  escalation?: (policy: string | null) => EscalationSnapshot | null;
  /** Events were queued for workflows: deliver them now rather than at the next poll. */
  wake: () => void;
  newIncidentId?: () => string;
  /** Debounce of alert-change signals to incidents (default 2 s; Slack edits a summary ~once a second at most). */
  signalDelayMs?: number;
  /** The source's caps, counted by the store (absent: none). */
  limits?: (source: AlertSource) => IntakeLimits;
  /** Each source's own severity words (its descriptor's), under routing's `severity` from config. */
  sourceWords?: SeverityMap;
  /** Alerts seen attached to an open incident (absent: every declaring alert is planned up front). */
  attached?: AttachedAlerts;
  /** PII masked in what is stored and posted (absent: nothing masked). */
  masking?: () => MaskingRules;
  /** How a delivery reaches the store (absent: one fb_alert_ingest call each; the server groups them, groupedIngest). */
  storeIngest?: IngestCall;
}

export interface Delivery {
  deliveryId: string | null;
  alerts: Alert[];
  external: ExternalIncidentAction[];
}

export interface IngestSummary extends IngestResult {
  /** PagerDuty actions forwarded to incidents we paged. */
  forwarded: number;
}

const EXTERNAL_EVENTS = {
  acknowledged: 'incident.acknowledge',
  resolved: 'incident.resolve',
  reopened: 'incident.reopen',
} as const;

export async function ingestDelivery(source: AlertSource, delivery: Delivery, deps: IngestDeps): Promise<IngestSummary> {
  let alerts = delivery.alerts;
  const events: Array<{ workflow_id: string; event: { type: string; [k: string]: unknown } }> = [];
  for (const action of delivery.external) {
    const incidentId = await incidentByExternal(deps.store, action.system, action.externalId, action.incidentKey ?? null);
    if (incidentId === null) continue; // not one we paged: a trigger stays an alert, the rest mean nothing to us
    alerts = alerts.filter((a) => a.key !== action.externalId); // our own page coming back is not a new alert
    if (action.action === 'triggered') continue;
    events.push({
      workflow_id: incidentId,
      event: { type: EXTERNAL_EVENTS[action.action], via: 'PagerDuty', actor: action.actor ? `pagerduty:${action.actor}` : 'pagerduty' },
    });
  }

  const masking = deps.masking?.();
  if (masking && masksAnything(masking)) alerts = alerts.map((a) => maskAlert(a, masking));
  const routing = deps.routing();
  const limits = deps.limits?.(source) ?? null;
  const rows: IngestAlertRow[] = [];
  const candidates: Record<string, IncidentCandidate> = {};
  /** Declaring alerts not planned because they were attached a moment ago, by correlation key. */
  const deferred = new Map<string, Alert & { route: ReturnType<typeof routeAlert> }>();
  const plan = (alert: Alert, route: ReturnType<typeof routeAlert>) =>
    planIncident(deps.runner, {
      id: (deps.newIncidentId ?? newIncidentId)(), title: alert.title, severity: route.severity, service: route.service,
      policy: route.policy, declaredBy: `alert:${source}`, autoResolve: false, chat: deps.chat(), reminders: deps.reminders?.() ?? null,
      commander: route.responders[0] ?? null, responders: route.responders,
      escalation: deps.escalation?.(route.policy) ?? null,
      ...diagnosticsFlag(route.diagnostics, deps.diagnosticsOnDeclare),
    });
  for (const [index, alert] of alerts.entries()) {
    const route = routeAlert(alert, routing, deps.sourceWords);
    const key = correlationKey(alert, route);
    rows.push({
      key: alert.key, status: alert.status, severity: route.severity, source_severity: alert.sourceSeverity,
      title: alert.title, description: alert.description, service: route.service, environment: alert.environment,
      group_key: alert.groupKey, tags: alert.tags, links: alert.links, raw: alert.raw, started_at: alert.startedAt, ended_at: alert.endedAt,
      route, correlation_key: key, declare: route.declare,
    });
    // Past the delivery cap the store declares nothing: planning those incidents would be wasted work.
    const mayDeclare = limits?.maxAlertsPerDelivery == null || index < limits.maxAlertsPerDelivery;
    if (route.declare && alert.status === 'firing' && !candidates[key] && mayDeclare) {
      if (deps.attached?.has(source, alert.key)) {
        if (!deferred.has(key)) deferred.set(key, { ...alert, route });
      } else {
        candidates[key] = plan(alert, route);
      }
    }
  }

  const storeIngest = deps.storeIngest ?? ((request) => ingestAlerts(deps.store, request));
  const store = () => storeIngest({
    source, deliveryId: delivery.deliveryId, alerts: rows, candidates, windowMs: routing.correlationWindowMs, events, signalDelayMs: deps.signalDelayMs, limits,
  });
  let result: IngestResult;
  if (rows.length > 0 || events.length > 0 || delivery.deliveryId !== null) {
    try {
      result = await store();
    } catch (err) {
      // A hint was wrong (the incident closed since): nothing was written; plan the skipped ones and go again.
      if (deferred.size === 0 || !isUnplannedIncident(err)) throw err;
      for (const [key, alert] of deferred) if (!candidates[key]) candidates[key] = plan(alert, alert.route);
      for (const alert of deferred.values()) deps.attached?.forget(source, alert.key);
      result = await store();
    }
    for (const a of result.alerts) deps.attached?.saw(source, a.key, a.outcome, a.incident_id);
  } else {
    result = { duplicate: false, alerts: [], declared: [], held: 0, storm: null };
  }
  const forwarded = result.duplicate ? 0 : events.length;
  // New incidents, reopens and PagerDuty actions are delivered now; alert changes are debounced signals.
  if (forwarded > 0 || result.declared.length > 0 || result.alerts.some((a) => a.outcome === 'reopened')) deps.wake();
  return { ...result, forwarded };
}

/** The rule's word on Diagnostics, else the config's default. Only a yes is written into the input (absent means no). */
export function diagnosticsFlag(rule: boolean | undefined, onDeclare: (() => boolean) | undefined): { diagnostics?: true } {
  return (rule ?? onDeclare?.() ?? false) ? { diagnostics: true } : {};
}

/** The store refused a delivery because an alert would declare an incident nobody planned (SQLSTATE FBC01). */
function isUnplannedIncident(err: unknown): boolean {
  return err instanceof StoreError && (err.cause as { code?: unknown } | undefined)?.code === 'FBC01';
}
