// Integrations: the small value rules every source's to-alert shares — blank is absent, times are
// ISO 8601 UTC or null, links are absolute http(s) URLs or nothing (they end up clickable in Slack).

export function nonEmpty(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/** A time as ISO 8601 UTC; Go's zero time (`0001-01-01T…`, Alertmanager, Grafana) and anything unreadable are null. */
export function isoTime(v: string | null | undefined): string | null {
  const t = nonEmpty(v);
  if (t === null || t.startsWith('0001-01-01T')) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function httpUrl(v: string | null | undefined): string | null {
  const t = nonEmpty(v);
  if (t === null) return null;
  try {
    const u = new URL(t);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}
