// Integrations: every alert source, in one list. The edge mounts POST /webhooks/<name> for each,
// config takes the source names and default severity maps from it, and the start-up notice names
// the closed ones. A new source is a vendor folder exporting a descriptor, plus one line here.
import type { Severity } from '../domain/alert.js';
import type { SeverityMap } from '../domain/severity.js';
import { alertmanagerSource } from './alertmanager/index.js';
import { datadogSource } from './datadog/index.js';
import { genericSource } from './generic/index.js';
import { grafanaSource } from './grafana/index.js';
import { pagerdutySource } from './pagerduty/index.js';
import { sentrySource } from './sentry/index.js';

export const SOURCES = [pagerdutySource, datadogSource, sentrySource, alertmanagerSource, grafanaSource, genericSource] as const;

/** The closed set of source names (the domain treats a source name as an opaque string). */
export type SourceName = (typeof SOURCES)[number]['name'];

export const SOURCE_NAMES = SOURCES.map((s) => s.name) as [SourceName, ...SourceName[]];

/** Built-in severity mappings by source; `routing.severity` in firebreak.yaml is merged over them. */
export const DEFAULT_SEVERITY_MAP: SeverityMap = Object.fromEntries(
  SOURCES.map((s): [string, Readonly<Record<string, Severity>>] => [s.name, s.defaultSeverity]),
);

export function isSourceName(name: string): name is SourceName {
  return (SOURCE_NAMES as readonly string[]).includes(name);
}
