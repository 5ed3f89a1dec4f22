// Integrations: Datadog as a diagnostics source, through @datadog/datadog-api-client (server from
// DATADOG_API_URL, else https://api.<DATADOG_SITE>): for a Datadog-declared incident the monitor's
// state, query and message and a graph snapshot of its query over the last hour; for the service,
// recent events and the error-log count with a few sample lines over the last 15 minutes (scrubbed).
// The SDK's own retries are off: a 429 or 5xx comes back to us (the cache keeps a 429's wait).
// The two v2 Logs calls go through vendorCall instead: loading the SDK's v2 module blocks the event
// loop for ~6 s (it deserializes through every v2 model), which would stall paging and Slack.
import { scrubSample, type DatadogFinding, type DiagnosticsSubject } from '../../domain/diagnostics.js';
import type { DiagnosticsQuery, DiagnosticsSource } from '../../effects/diagnostics-source.js';
import type { EffectError } from '../../effects/effect.js';
import type { PortResult } from '../../effects/ports.js';
import type { Secret } from '../../config/secret.js';
import { errorForStatus, retryAfterMs, vendorCall } from '../http.js';

export interface DatadogDiagnosticsOptions {
  apiKey?: Secret;
  appKey?: Secret;
  /** DATADOG_API_URL, or https://api.<DATADOG_SITE>. */
  apiUrl: string;
  fetch?: typeof fetch;
}

const GRAPH_WINDOW_S = 3600;
const EVENTS_WINDOW_S = 3600;
const LOG_SAMPLES = 5;
const SAMPLE_MAX = 500;

// The SDK's package root loads every API (~3 s, ~130 MB): load only the modules used, once, lazily.
type Sdk = {
  common: typeof import('@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js');
  monitors: typeof import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MonitorsApi.js');
  events: typeof import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/EventsApi.js');
  snapshots: typeof import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/SnapshotsApi.js');
};
let sdk: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> =>
  (sdk ??= Promise.all([
    import('@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js'),
    import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MonitorsApi.js'),
    import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/EventsApi.js'),
    import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/SnapshotsApi.js'),
  ]).then(([common, monitors, events, snapshots]) => ({ common, monitors, events, snapshots })));

/** The monitor id of the incident's Datadog alert ($ALERT_ID in the webhook template), or null. */
export function monitorIdOf(subject: DiagnosticsSubject): number | null {
  for (const a of subject.alerts) {
    if (a.source !== 'datadog') continue;
    const raw = a.raw as { alert_id?: unknown } | null;
    const id = raw && (typeof raw.alert_id === 'string' || typeof raw.alert_id === 'number') ? String(raw.alert_id).trim() : '';
    if (/^\d+$/.test(id)) return Number(id);
    const link = a.links.find((l) => l.kind === 'monitor')?.url;
    const fromLink = link ? /\/monitors\/(\d+)/.exec(link)?.[1] : undefined;
    if (fromLink) return Number(fromLink);
  }
  return null;
}

/**
 * The metric part of a metric monitor's query, for a graph: `avg(last_5m):avg:cpu{service:x} > 90`
 * → `avg:cpu{service:x}`. Null for monitors that are not metric queries (logs, composite …).
 */
export function graphQueryOf(monitorQuery: string): string | null {
  const m = /^\s*\w+\(last_\w+\):(.+?)\s*(?:[<>]=?|==)\s*-?[\d.]+\s*$/.exec(monitorQuery);
  return m ? m[1]!.trim() : null;
}

export function createDatadogSource(opts: DatadogDiagnosticsOptions): DiagnosticsSource {
  const keys = () => {
    const apiKey = opts.apiKey?.reveal();
    const appKey = opts.appKey?.reveal();
    return apiKey && appKey ? { apiKey, appKey } : null;
  };
  return {
    name: 'datadog',
    configured: () => keys() !== null,
    ask(subject) {
      const monitorId = monitorIdOf(subject);
      if (monitorId === null && subject.service === null) return { ok: false, reason: 'no Datadog monitor and no service on this incident' };
      return { ok: true, query: { monitorId, service: subject.service } };
    },
    // ~1–2 s of module loading: done at start-up (before the listener opens), not in an incident.
    warm: async () => void (keys() !== null && (await loadSdk())),
    async fetch(query, { signal, now }) {
      const k = keys();
      if (!k) return { ok: false, error: { kind: 'give-up', message: 'DATADOG_API_KEY and DATADOG_APP_KEY are required' } };
      const s = await loadSdk();
      return fetchFinding(s, k, opts, query, signal, now());
    },
  };
}

/** One call's outcome with what the SDK does not keep on its errors: the answer's status and Retry-After. */
type Call<T> = PortResult<T>;

async function fetchFinding(s: Sdk, keys: { apiKey: string; appKey: string }, opts: DatadogDiagnosticsOptions, query: DiagnosticsQuery, signal: AbortSignal, now: Date) {
  const secrets = [keys.apiKey, keys.appKey];
  const call = async <T>(what: string, run: (config: InstanceType<typeof s.common.Configuration>) => Promise<T>): Promise<Call<T>> => {
    // The SDK keeps a thrown ApiException's status but not its headers: our fetch remembers them.
    let retryAfter: number | undefined;
    const send: typeof fetch = async (input, init) => {
      const res = await (opts.fetch ?? globalThis.fetch)(input, init);
      if (res.status === 429) retryAfter = retryAfterMs(res.headers.get('retry-after')) ?? retryAfterMs(res.headers.get('x-ratelimit-reset'));
      return res;
    };
    const config = s.common.createConfiguration({
      baseServer: new s.common.BaseServerConfiguration(opts.apiUrl.replace(/\/+$/, ''), {}),
      authMethods: { apiKeyAuth: keys.apiKey, appKeyAuth: keys.appKey },
      httpConfig: { signal, compress: false },
      fetch: send,
      enableRetry: false,
    });
    try {
      return { ok: true, value: await run(config) };
    } catch (err) {
      return { ok: false, error: datadogError(what, err, retryAfter, signal, secrets) };
    }
  };

  const monitorId = typeof query.monitorId === 'number' ? query.monitorId : null;
  const service = typeof query.service === 'string' ? query.service : null;
  const end = Math.floor(now.getTime() / 1000);
  const logQuery = service === null ? null : `service:${service} status:error`;

  const monitorPart = monitorId === null ? null : call('monitor', (c) => new s.monitors.MonitorsApi(c).getMonitor({ monitorId }, c)).then(async (m) => {
    if (!m.ok) return { monitor: m, graph: null };
    const graphQuery = graphQueryOf(m.value.query ?? '');
    const graph = graphQuery === null ? null : await call('graph', (c) => new s.snapshots.SnapshotsApi(c).getGraphSnapshot({ start: end - GRAPH_WINDOW_S, end, metricQuery: graphQuery }, c));
    return { monitor: m, graph: graph && { query: graphQuery!, result: graph } };
  });
  const eventsPart = service === null ? null : call('events', (c) => new s.events.EventsApi(c).listEvents({ start: end - EVENTS_WINDOW_S, end, tags: `service:${service}` }, c));
  const filter = logQuery === null ? null : { query: logQuery, from: 'now-15m', to: 'now' };
  const logs = <T>(path: string, body: unknown) =>
    vendorCall<T>({
      vendor: 'datadog', baseUrl: opts.apiUrl, path, method: 'POST', body, signal, secrets,
      headers: { 'dd-api-key': keys.apiKey, 'dd-application-key': keys.appKey }, ...(opts.fetch && { fetch: opts.fetch }),
    }).then((r): Call<T> => (r.ok ? { ok: true, value: r.value.body } : r));
  const countPart = filter === null ? null : logs<LogsCount>('/api/v2/logs/analytics/aggregate', { compute: [{ aggregation: 'count' }], filter });
  const samplesPart = filter === null ? null : logs<LogsList>('/api/v2/logs/events/search', { filter, page: { limit: LOG_SAMPLES }, sort: '-timestamp' });

  const [monitor, events, count, samples] = await Promise.all([monitorPart, eventsPart, countPart, samplesPart]);
  const calls = ([monitor?.monitor, monitor?.graph?.result, events, count, samples] as Array<Call<unknown> | null | undefined>).filter((c): c is Call<unknown> => c != null);
  const failed = calls.filter((c): c is { ok: false; error: EffectError } => !c.ok);
  // Nothing came back: the source failed as a whole (a 429 first, so its wait is honoured).
  if (failed.length === calls.length && failed.length > 0) return failed.find((f) => f.error.kind === 'rate-limited') ?? failed[0]!;

  const problems: string[] = [];
  const take = <T>(c: Call<T> | null | undefined, what: string): T | null => {
    if (!c) return null;
    if (c.ok) return c.value;
    problems.push(`${what} (${/HTTP \d{3}/.exec(c.error.message)?.[0] ?? 'no answer'})`);
    return null;
  };
  const m = take(monitor?.monitor, 'the monitor');
  const g = take(monitor?.graph?.result ?? null, 'the graph');
  const ev = take(events, 'recent events');
  const cnt = take(count, 'the error-log count');
  const smp = take(samples, 'log samples');

  const finding: DatadogFinding = {
    source: 'datadog',
    monitor: m && monitorId !== null
      ? { id: monitorId, name: m.name ?? `monitor ${monitorId}`, state: String(m.overallState ?? 'unknown'), query: m.query ?? '', message: (m.message ?? '').slice(0, 2000), url: null }
      : null,
    events: (ev?.events ?? []).slice(0, 5).map((e) => ({
      title: (e.title ?? e.text ?? 'event').slice(0, 300), at: new Date((e.dateHappened ?? end) * 1000).toISOString(), url: e.url ?? null,
    })),
    graph: g?.snapshotUrl && monitor?.graph ? { url: g.snapshotUrl, query: monitor.graph.query } : null,
    logs: logQuery === null || (cnt === null && smp === null)
      ? null
      : {
          query: logQuery,
          count: countOf(cnt),
          samples: (smp?.data ?? []).slice(0, LOG_SAMPLES).map((l) => scrubSample(String(l.attributes?.message ?? '')).slice(0, SAMPLE_MAX)).filter((t) => t !== ''),
        },
  };
  return { ok: true as const, value: { finding, problems } };
}

interface LogsCount { data?: { buckets?: Array<{ computes?: Record<string, unknown> }> } }
interface LogsList { data?: Array<{ attributes?: { message?: unknown } }> }

function countOf(r: LogsCount | null): number {
  const v = r?.data?.buckets?.[0]?.computes?.c0;
  return typeof v === 'number' ? v : 0;
}

function datadogError(what: string, err: unknown, retryAfter: number | undefined, signal: AbortSignal, secrets: string[]): EffectError {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'number' && code >= 400) return errorForStatus(code, `datadog ${what}: HTTP ${code}`, retryAfter);
  if (signal.aborted) return { kind: 'retry', message: `datadog ${what}: no answer within the time allowed` };
  let message = err instanceof Error ? err.message : String(err);
  for (const s of secrets) message = message.split(s).join('[redacted]');
  return { kind: 'retry', message: `datadog ${what}: ${message.slice(0, 200)}` };
}
