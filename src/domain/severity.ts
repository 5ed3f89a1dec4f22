// Domain: the source's own severity word → sev1–sev4, through a per-source mapping that config
// can extend or override.
import type { AlertSource, Severity } from './alert.js';
import { SEVERITIES } from './alert.js';

export type SeverityMap = Record<AlertSource, Record<string, Severity>>;

/** Built-in mapping; keys are compared case-insensitively. `*` is the source's fallback. */
export const DEFAULT_SEVERITY_MAP: SeverityMap = {
  // Datadog monitor priority; without one, the alert type.
  datadog: { p1: 'sev1', p2: 'sev2', p3: 'sev3', p4: 'sev4', p5: 'sev4', error: 'sev2', warning: 'sev3', info: 'sev4', success: 'sev4', '*': 'sev3' },
  // Sentry event level; metric alerts say critical / warning.
  sentry: { fatal: 'sev1', critical: 'sev2', error: 'sev2', warning: 'sev3', info: 'sev4', debug: 'sev4', '*': 'sev3' },
  // PagerDuty urgency.
  pagerduty: { high: 'sev2', low: 'sev3', '*': 'sev3' },
  // The `severity` label, by the names teams commonly use.
  alertmanager: { critical: 'sev1', page: 'sev1', high: 'sev2', error: 'sev2', major: 'sev2', warning: 'sev3', medium: 'sev3', minor: 'sev3', low: 'sev4', info: 'sev4', none: 'sev4', '*': 'sev3' },
  grafana: { critical: 'sev1', page: 'sev1', high: 'sev2', error: 'sev2', major: 'sev2', warning: 'sev3', medium: 'sev3', minor: 'sev3', low: 'sev4', info: 'sev4', none: 'sev4', '*': 'sev3' },
  generic: { sev1: 'sev1', sev2: 'sev2', sev3: 'sev3', sev4: 'sev4', critical: 'sev1', high: 'sev2', error: 'sev2', warning: 'sev3', low: 'sev4', info: 'sev4', '*': 'sev3' },
};

export function mergeSeverityMaps(base: SeverityMap, overrides: Partial<Record<AlertSource, Record<string, Severity>>>): SeverityMap {
  const out = { ...base };
  for (const [source, map] of Object.entries(overrides) as Array<[AlertSource, Record<string, Severity>]>) {
    const lowered = Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
    out[source] = { ...base[source], ...lowered };
  }
  return out;
}

export function mapSeverity(source: AlertSource, word: string | null, map: SeverityMap): Severity {
  const table = map[source];
  return (word !== null ? table[word.trim().toLowerCase()] : undefined) ?? table['*'] ?? 'sev3';
}

/** True when `a` is as bad as `b` or worse (sev1 is the worst). */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}
