// Integrations: PagerDuty as a diagnostics source, through @pagerduty/pdjs (every call to the whole
// URL under PAGERDUTY_API_URL, so a loopback fake works; its 429 wait bounded): who is on call now
// for the service's escalation policy, and the PagerDuty incident's log (who was notified, who
// acknowledged). The service comes from a PagerDuty-declared incident, else from
// `diagnostics.services.<service>.pagerduty_service`.
import { api } from '@pagerduty/pdjs';
// pdjs's package root does not re-export its types.
import type { APIParameters, APIResponse } from '@pagerduty/pdjs/build/src/api.js';
import type { PagerDutyFinding } from '../../domain/diagnostics.js';
import type { DiagnosticsSource } from '../../effects/diagnostics-source.js';
import type { PortResult } from '../../effects/ports.js';
import type { Secret } from '../../config/secret.js';
import { errorForStatus, retryAfterMs } from '../http.js';

export interface PagerDutyDiagnosticsOptions {
  token?: Secret;
  /** PAGERDUTY_API_URL. */
  apiUrl: string;
  /** pdjs waits this long before each of its (up to 3) retries after a 429; bounded so a run's timeout is not spent waiting. */
  retryWaitMs?: number;
}


const PAGE_LIMIT = 100;
const MAX_PAGES = 5;
const LOG_SHOWN = 10;

interface OnCall { escalation_level: number; end: string | null; user?: { summary?: string } | null; escalation_policy?: { id?: string; summary?: string } }
interface LogEntry { type: string; created_at: string; summary?: string }

export function createPagerDutySource(opts: PagerDutyDiagnosticsOptions): DiagnosticsSource {
  const token = () => opts.token?.reveal();
  return {
    name: 'pagerduty',
    configured: () => token() !== undefined,
    ask(subject) {
      const pd = subject.alerts.find((a) => a.source === 'pagerduty');
      const incident = pd?.key ?? null;
      const service = pd?.tags.pagerduty_service_id ?? subject.pagerdutyService;
      if (incident === null && service === null) {
        return { ok: false, reason: `no PagerDuty incident and no PagerDuty service for ${subject.service ?? 'this incident'} (diagnostics.services)` };
      }
      return { ok: true, query: { incident, service } };
    },
    async fetch(query, { signal }) {
      const t = token();
      if (t === undefined) return { ok: false, error: { kind: 'give-up', message: 'PAGERDUTY_TOKEN is required' } };
      const get = (path: string, queryParameters: Record<string, string | string[]> = {}) => call(opts, t, path, queryParameters, signal);
      const incidentId = typeof query.incident === 'string' ? query.incident : null;
      let serviceId = typeof query.service === 'string' ? query.service : null;
      const problems: string[] = [];

      // The policy: the PD incident's own, else the service's.
      let policy: PagerDutyFinding['policy'] = null;
      let log: PagerDutyFinding['log'] = [];
      if (incidentId !== null) {
        const [inc, entries] = await Promise.all([
          get(`/incidents/${encodeURIComponent(incidentId)}`),
          pages<LogEntry>((offset) => get(`/incidents/${encodeURIComponent(incidentId)}/log_entries`, { is_overview: 'true', limit: String(PAGE_LIMIT), offset: String(offset) }), 'log_entries'),
        ]);
        if (!inc.ok && !entries.ok) return inc;
        if (inc.ok) {
          const data = inc.value.data as { incident?: { escalation_policy?: { id?: string; summary?: string }; service?: { id?: string } } };
          const ep = data.incident?.escalation_policy;
          if (ep?.id) policy = { id: ep.id, name: ep.summary ?? ep.id };
          serviceId ??= data.incident?.service?.id ?? null;
        } else problems.push(`the PagerDuty incident (${statusOf(inc.error.message)})`);
        if (entries.ok) {
          log = entries.value
            .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
            .slice(0, LOG_SHOWN)
            .map((e) => ({ at: e.created_at, type: e.type, summary: (e.summary ?? e.type).slice(0, 300) }));
        } else problems.push(`the incident log (${statusOf(entries.error.message)})`);
      }
      if (policy === null && serviceId !== null) {
        const svc = await get(`/services/${encodeURIComponent(serviceId)}`);
        if (!svc.ok) {
          if (incidentId === null) return svc;
          problems.push(`the service (${statusOf(svc.error.message)})`);
        } else {
          const ep = (svc.value.data as { service?: { escalation_policy?: { id?: string; summary?: string } } }).service?.escalation_policy;
          if (ep?.id) policy = { id: ep.id, name: ep.summary ?? ep.id };
        }
      }

      let onCall: PagerDutyFinding['onCall'] = [];
      if (policy !== null) {
        const id = policy.id;
        const r = await pages<OnCall>((offset) => get('/oncalls', { 'escalation_policy_ids[]': [id], earliest: 'true', limit: String(PAGE_LIMIT), offset: String(offset) }), 'oncalls');
        if (r.ok) {
          onCall = r.value
            .sort((a, b) => a.escalation_level - b.escalation_level)
            .map((o) => ({ level: o.escalation_level, name: (o.user?.summary ?? 'someone').slice(0, 120), until: o.end ?? null }));
        } else if (log.length === 0) return r;
        else problems.push(`who is on call (${statusOf(r.error.message)})`);
      }
      return { ok: true, value: { finding: { source: 'pagerduty', policy, onCall, log }, problems } };
    },
  };
}

const statusOf = (message: string) => /HTTP \d{3}/.exec(message)?.[0] ?? 'no answer';

/** An offset-paginated list (`more`, `offset`, `limit`), page by page up to MAX_PAGES. */
async function pages<T>(page: (offset: number) => Promise<PortResult<APIResponse>>, key: string): Promise<PortResult<T[]>> {
  const out: T[] = [];
  let offset = 0;
  for (let i = 0; i < MAX_PAGES; i++) {
    const r = await page(offset);
    if (!r.ok) return r;
    const data = r.value.data as Record<string, unknown> & { more?: boolean; limit?: number };
    const items = Array.isArray(data[key]) ? (data[key] as T[]) : [];
    out.push(...items);
    if (!data.more || items.length === 0) break;
    offset += items.length;
  }
  return { ok: true, value: out };
}

async function call(opts: PagerDutyDiagnosticsOptions, token: string, path: string, queryParameters: Record<string, string | string[]>, signal: AbortSignal): Promise<PortResult<APIResponse>> {
  const where = `pagerduty GET ${path.replace(/\/[A-Z0-9]{5,}(?=\/|$)/g, '/…')}`;
  const params: APIParameters = {
    // The whole URL: pdjs's `server` is a host name (https only); `url` takes the base from the environment.
    url: `${opts.apiUrl.replace(/\/+$/, '')}${path}`,
    token,
    queryParameters,
    signal,
    retryTimeout: opts.retryWaitMs ?? 1000,
    requestTimeout: 30_000,
  };
  let res: APIResponse;
  try {
    res = await api(params);
  } catch (err) {
    // pdjs rejects with the response when the body is not JSON; otherwise with the fetch error.
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number') {
      const r = err as APIResponse;
      return { ok: false, error: errorForStatus(status, `${where}: HTTP ${status}`, retryAfterMs(r.headers?.get?.('retry-after') ?? null)) };
    }
    return { ok: false, error: { kind: 'retry', message: signal.aborted ? `${where}: no answer within the time allowed` : `${where}: unreachable` } };
  }
  if (res.status >= 400) return { ok: false, error: errorForStatus(res.status, `${where}: HTTP ${res.status}`, retryAfterMs(res.headers.get('retry-after'))) };
  return { ok: true, value: res };
}
