// Store: the reads of the web console and the JSON API — a filtered page of incidents, the private
// ones (to check who may see them), the services named, and response figures by week.
import type { Transport } from './transport.js';

export interface IncidentFilter {
  /** `open`, `done` (resolved or closed), `any`, or one incident status. */
  status?: string;
  severity?: string;
  service?: string;
  /** Opened at or after (ISO 8601). */
  from?: string;
  /** Opened before (ISO 8601). */
  to?: string;
}

export interface IncidentRow {
  id: string;
  number: number;
  title: string;
  service: string | null;
  severity: string;
  status: string;
  open: boolean;
  policy: string | null;
  channel: string | null;
  declared_by: string;
  opened_at: string;
  last_alert_at: string;
  alerts_firing: number;
  alerts_total: number;
}

export interface IncidentPage {
  total: number;
  items: IncidentRow[];
}

export async function consoleIncidents(
  t: Transport,
  filter: IncidentFilter,
  page: { limit: number; offset: number },
  hidden: readonly string[] = [],
): Promise<IncidentPage> {
  const r = await t.rpc<IncidentPage>('fb_console_incidents', {
    p_filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')),
    p_hidden: hidden,
    p_limit: page.limit,
    p_offset: page.offset,
  });
  return {
    total: Number(r.total),
    items: r.items.map((i) => ({ ...i, number: Number(i.number), alerts_firing: Number(i.alerts_firing), alerts_total: Number(i.alerts_total) })),
  };
}

export function consoleServices(t: Transport): Promise<string[]> {
  return t.rpc<string[]>('fb_console_services', {});
}

export function privateIncidents(t: Transport): Promise<Array<{ id: string; channel: string | null }>> {
  return t.rpc('fb_console_private_incidents', {});
}

export interface WeekFigures {
  /** Monday of the week (UTC), YYYY-MM-DD. */
  week: string;
  incidents: number;
  by_severity: Record<'sev1' | 'sev2' | 'sev3' | 'sev4', number>;
  detect_p50_s: number | null;
  detect_p90_s: number | null;
  ack_p50_s: number | null;
  ack_p90_s: number | null;
  resolve_p50_s: number | null;
  resolve_p90_s: number | null;
}

export async function weeklyResponse(t: Transport, from: Date, to: Date, service: string | null = null): Promise<WeekFigures[]> {
  const rows = await t.rpc<WeekFigures[]>('fb_console_stats', { p_from: from.toISOString(), p_to: to.toISOString(), p_service: service });
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    week: r.week,
    incidents: Number(r.incidents),
    by_severity: { sev1: Number(r.by_severity.sev1), sev2: Number(r.by_severity.sev2), sev3: Number(r.by_severity.sev3), sev4: Number(r.by_severity.sev4) },
    detect_p50_s: num(r.detect_p50_s), detect_p90_s: num(r.detect_p90_s),
    ack_p50_s: num(r.ack_p50_s), ack_p90_s: num(r.ack_p90_s),
    resolve_p50_s: num(r.resolve_p50_s), resolve_p90_s: num(r.resolve_p90_s),
  }));
}
