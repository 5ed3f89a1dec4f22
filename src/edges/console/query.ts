// Edge (console): the list's query string (filters and paging) → a typed filter, or the field that
// is wrong. Shared by `/` and `/api/incidents`, so both accept exactly the same words.
import { INCIDENT_STATUSES } from '../../domain/incident.js';
import type { IncidentFilter } from '../../incidents/browse.js';

export const STATUS_CHOICES = ['open', 'done', 'any', ...INCIDENT_STATUSES] as const;
export const SEVERITY_CHOICES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export const PAGE_SIZE = 50;
const MAX_LIMIT = 200;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ListQuery {
  filter: Required<Pick<IncidentFilter, 'status'>> & IncidentFilter;
  /** 1-based. */
  page: number;
  limit: number;
  /** The form's own values, to show them back. */
  form: { status: string; severity: string; service: string; from: string; to: string };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** `from`/`to` as days (YYYY-MM-DD, `to` inclusive) or instants (ISO 8601). */
function instant(text: string, endOfDay: boolean): string | null {
  if (DATE.test(text)) {
    const d = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) return null;
    return new Date(d.getTime() + (endOfDay ? 86_400_000 : 0)).toISOString();
  }
  const d = new Date(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

export function parseListQuery(params: URLSearchParams, opts: { limit?: boolean } = {}): Parsed<ListQuery> {
  const get = (k: string) => (params.get(k) ?? '').trim();
  const status = get('status') || 'open';
  if (!(STATUS_CHOICES as readonly string[]).includes(status)) return { ok: false, field: 'status', message: `status must be one of ${STATUS_CHOICES.join(', ')}` };
  const severity = get('severity');
  if (severity && !(SEVERITY_CHOICES as readonly string[]).includes(severity)) return { ok: false, field: 'severity', message: `severity must be one of ${SEVERITY_CHOICES.join(', ')}` };
  const service = get('service');
  if (service.length > 200) return { ok: false, field: 'service', message: 'service is too long (at most 200 characters)' };
  const fromText = get('from');
  const toText = get('to');
  const from = fromText ? instant(fromText, false) : null;
  if (fromText && !from) return { ok: false, field: 'from', message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 time' };
  const to = toText ? instant(toText, true) : null;
  if (toText && !to) return { ok: false, field: 'to', message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 time' };
  const pageText = get('page') || '1';
  const page = Number(pageText);
  if (!/^\d{1,6}$/.test(pageText) || page < 1) return { ok: false, field: 'page', message: 'page must be a whole number from 1' };
  let limit = PAGE_SIZE;
  if (opts.limit && get('limit')) {
    limit = Number(get('limit'));
    if (!/^\d{1,3}$/.test(get('limit')) || limit < 1 || limit > MAX_LIMIT) return { ok: false, field: 'limit', message: `limit must be a whole number from 1 to ${MAX_LIMIT}` };
  }
  const filter: ListQuery['filter'] = { status };
  if (severity) filter.severity = severity;
  if (service) filter.service = service;
  if (from) filter.from = from;
  if (to) filter.to = to;
  return { ok: true, value: { filter, page, limit, form: { status, severity, service, from: fromText, to: toText } } };
}

/** The query string for the same filters on another page. */
export function listHref(form: ListQuery['form'], page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v && !(k === 'status' && v === 'open')) q.set(k, v);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `/?${s}` : '/';
}
