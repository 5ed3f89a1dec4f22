// Domain: the source's own severity word → sev1–sev4, through a per-source mapping that config
// can extend or override. Each source's built-in mapping lives with its vendor (its descriptor).
import type { AlertSource, Severity } from './alert.js';
import { SEVERITIES } from './alert.js';

/** Per source: lower-case word → severity; `*` is the source's fallback. */
export type SeverityMap = Record<AlertSource, Readonly<Record<string, Severity>>>;

export function mergeSeverityMaps(base: SeverityMap, overrides: Partial<Record<AlertSource, Record<string, Severity>>>): SeverityMap {
  const out = { ...base };
  for (const [source, map] of Object.entries(overrides)) {
    if (map === undefined) continue;
    const lowered = Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
    out[source] = { ...base[source], ...lowered };
  }
  return out;
}

/** Keys are compared case-insensitively; a source without a mapping, or a word without one, falls back to `*`, then sev3. */
export function mapSeverity(source: AlertSource, word: string | null, map: SeverityMap): Severity {
  const table = Object.hasOwn(map, source) ? map[source] : undefined;
  const lookup = (key: string) => (table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined);
  return (word !== null ? lookup(word.trim().toLowerCase()) : undefined) ?? lookup('*') ?? 'sev3';
}

/** True when `a` is as bad as `b` or worse (sev1 is the worst). */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}
