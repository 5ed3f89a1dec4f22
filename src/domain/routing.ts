// Domain: routing rules from firebreak.yaml — first match wins — decide an alert's service,
// severity, escalation policy and whether it declares an incident.
import type { Alert, AlertSource, Severity } from './alert.js';
import { atLeast, mapSeverity, type SeverityMap } from './severity.js';

export interface RouteRule {
  name: string;
  match: {
    source?: AlertSource[];
    service?: string[];
    /** This severity or worse (after the source mapping). */
    severity?: Severity;
    /** Every listed tag/label must be present with this value ('*' = present). */
    tags?: Record<string, string>;
  };
  service?: string;
  severity?: Severity;
  policy?: string;
  /** Declare an incident when the alert is this severity or worse; false = never. */
  declare?: Severity | false;
  /** Slack user ids invited into the incident channel (first one is the commander). */
  responders?: string[];
  /** May this alert share a service's incident with other sources' alerts? (default: routing.defaults) */
  correlateAcrossSources?: boolean;
  /** Post a remediation request for the alert's IP as soon as it declares an incident. */
  propose?: 'block_ip';
  /** Run Diagnostics when this rule declares; absent: the diagnostics section's on_declare. */
  diagnostics?: boolean;
}

export interface RoutingConfig {
  correlationWindowMs: number;
  /** firebreak.yaml's `routing.severity`: per source, words that override the source's own (its descriptor's). */
  severityMap: SeverityMap;
  defaults: { declare: Severity | false; policy: string | null; responders: string[]; correlateAcrossSources: boolean };
  rules: RouteRule[];
  /** Service → GitHub repository (owner/name), for what changed. */
  repositories?: Record<string, string>;
}

export interface RouteDecision {
  rule: string | null;
  service: string | null;
  severity: Severity;
  policy: string | null;
  declare: boolean;
  responders: string[];
  correlateAcrossSources: boolean;
  /** The rule's remediation proposal for a declaring alert (its IP), or null. */
  propose?: 'block_ip' | null;
  /** The matched rule's `diagnostics`; absent when it says nothing. */
  diagnostics?: boolean;
}

/** `sourceWords`: each source's own severity words (from its descriptor), under the config's. */
export function routeAlert(alert: Alert, cfg: RoutingConfig, sourceWords: SeverityMap = {}): RouteDecision {
  const mapped = mapSeverity(alert.source, alert.sourceSeverity, cfg.severityMap, sourceWords);
  const rule = cfg.rules.find((r) => matches(r, alert, mapped));
  const severity = rule?.severity ?? mapped;
  const declare = rule?.declare !== undefined ? rule.declare : cfg.defaults.declare;
  return {
    rule: rule?.name ?? null,
    service: rule?.service ?? alert.service,
    severity,
    policy: rule?.policy ?? cfg.defaults.policy,
    declare: declare !== false && atLeast(severity, declare),
    responders: rule?.responders ?? cfg.defaults.responders,
    correlateAcrossSources: rule?.correlateAcrossSources ?? cfg.defaults.correlateAcrossSources,
    ...(rule?.propose !== undefined && { propose: rule.propose }),
    ...(rule?.diagnostics !== undefined && { diagnostics: rule.diagnostics }),
  };
}

export interface DeclarationRoute {
  rule: string | null;
  policy: string | null;
}

/**
 * The policy for an incident a responder declares by hand (`/incident declare`): the first rule that
 * can judge a declaration — one that matches on nothing but service and severity, since a
 * declaration has no source or tags — else the default policy. The responder's own service and
 * severity stand: a rule's overrides are for alerts.
 */
export function routeDeclaration(declaration: { service: string | null; severity: Severity }, cfg: RoutingConfig): DeclarationRoute {
  const rule = cfg.rules.find((r) => {
    const m = r.match;
    if (m.source !== undefined || m.tags !== undefined) return false;
    if (m.service && (declaration.service === null || !m.service.includes(declaration.service))) return false;
    return !m.severity || atLeast(declaration.severity, m.severity);
  });
  return { rule: rule?.name ?? null, policy: rule?.policy ?? cfg.defaults.policy };
}

function matches(rule: RouteRule, alert: Alert, severity: Severity): boolean {
  const m = rule.match;
  if (m.source && !m.source.includes(alert.source)) return false;
  if (m.service && (alert.service === null || !m.service.includes(alert.service))) return false;
  if (m.severity && !atLeast(severity, m.severity)) return false;
  if (m.tags) {
    for (const [k, v] of Object.entries(m.tags)) {
      const actual = alert.tags[k];
      if (actual === undefined || (v !== '*' && actual !== v)) return false;
    }
  }
  return true;
}

/**
 * Alerts with the same correlation key may share an incident: the source's own group when it has
 * one, otherwise the routed service (or, without a service, the alert itself). A service's incident
 * belongs to one source unless the route lets the alert correlate across sources: otherwise anyone
 * holding one source's token (the generic webhook's, say) could attach alerts to incidents another
 * team's monitoring opened. Alerts of two sources meet only when both their routes allow it.
 * Source names contain no ':', so the two service forms never collide.
 */
export function correlationKey(alert: Alert, route: RouteDecision): string {
  if (alert.groupKey) return `group:${alert.source}:${alert.groupKey}`;
  if (route.service) return route.correlateAcrossSources ? `service:${route.service}` : `source:${alert.source}:service:${route.service}`;
  return `alert:${alert.source}:${alert.key}`;
}
