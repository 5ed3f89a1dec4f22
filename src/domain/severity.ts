// Domain: the source's own severity word → sev1–sev4, through a per-source mapping that config
// can extend or override. Each source's built-in mapping lives with its vendor (its descriptor).
import type { AlertSource, Severity } from './alert.js';
import { SEVERITIES } from './alert.js';

/** Per source: lower-case word → severity; `*` is the source's fallback. */
export type SeverityMap = Partial<Record<AlertSource, Readonly<Record<string, Severity>>>>;

/** `overrides` (words in any case) over `base`, source by source. */
export function mergeSeverityMaps(base: SeverityMap, overrides: SeverityMap): SeverityMap {
  const out = { ...base };
  for (const [source, map] of Object.entries(overrides) as Array<[AlertSource, SeverityMap[AlertSource]]>) {
    if (map === undefined) continue;
    const lowered = Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
    out[source] = { ...base[source], ...lowered };
  }
  return out;
}

/**
 * Keys are compared case-insensitively. `maps` are layers, first wins (config's words before the
 * source's own): the word in any layer, else `*` in any layer, else sev3 — as if the layers were merged.
 */
export function mapSeverity(source: string, word: string | null, ...maps: SeverityMap[]): Severity {
  const lookup = (key: string) => {
    for (const map of maps) {
      const table = Object.hasOwn(map, source) ? map[source as AlertSource] : undefined;
      if (table !== undefined && Object.hasOwn(table, key)) return table[key];
    }
    return undefined;
  };
  return (word !== null ? lookup(word.trim().toLowerCase()) : undefined) ?? lookup('*') ?? 'sev3';
}

/** True when `a` is as bad as `b` or worse (sev1 is the worst). */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}
