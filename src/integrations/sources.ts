// Integrations: every alert source, in one list. The edge mounts POST /webhooks/<name> for each,
// the composition root hands their severity words to incidents/ and names the closed ones in the
// start-up notice. A new source is a vendor folder exporting a descriptor, one line here, and its
// name in domain's ALERT_SOURCES (the words firebreak.yaml may use; the compiler asks for it).
import type { AlertSource, Severity, WebhookAlertSource } from '../domain/alert.js';
import type { SeverityMap } from '../domain/severity.js';
import type { Env } from '../config/env.js';
import { alertmanagerSource } from './alertmanager/index.js';
import { datadogSource } from './datadog/index.js';
import { genericSource } from './generic/index.js';
import { grafanaSource } from './grafana/index.js';
import { pagerdutySource } from './pagerduty/index.js';
import { sentrySource } from './sentry/index.js';

export const SOURCES = [pagerdutySource, datadogSource, sentrySource, alertmanagerSource, grafanaSource, genericSource] as const;

/** Every webhook source in domain's ALERT_SOURCES has a descriptor here (a descriptor's name must already be one). */
const everySourceDescribed: Exclude<WebhookAlertSource, (typeof SOURCES)[number]['name']> extends never ? true : never = true;
void everySourceDescribed;

/** Each source's own severity words; config's `routing.severity` lies over them when alerts are routed. */
export const SOURCE_SEVERITY_WORDS: SeverityMap = Object.fromEntries([
  ...SOURCES.map((s): [AlertSource, Readonly<Record<string, Severity>>] => [s.name, s.defaultSeverity]),
  // Detection rules name their severity as sev1–sev4 (src/config/detections-schema.ts).
  ['security', { sev1: 'sev1', sev2: 'sev2', sev3: 'sev3', sev4: 'sev4', '*': 'sev2' }],
]);

/** The webhook endpoints that answer 404 because none of their variables is set, for the start-up notice. */
export function closedSources(env: Env): AlertSource[] {
  return SOURCES.filter((source) => source.configured(env) === null).map((source) => source.name);
}
