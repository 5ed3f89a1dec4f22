// Diagnostics: one source asked once — through the shared cache, bounded by the run's timeout —
// and what came back turned into a SourceAnswer (a failure as one short line a responder may see).
import type { DiagnosticsSourceName, SourceAnswer } from '../domain/diagnostics.js';
import type { DiagnosticsQuery, DiagnosticsSource, FetchedFinding } from '../effects/diagnostics-source.js';
import type { EffectError } from '../effects/effect.js';
import type { Redactor } from '../observability/redact.js';
import { diagnosticsCacheGet, diagnosticsCachePut } from '../store/diagnostics.js';
import type { Transport } from '../store/transport.js';

type Cached = { kind: 'answer'; finding: FetchedFinding['finding']; problems: string[] } | { kind: 'rate-limited'; retryAfterMs: number };

/** The cache key: the source and exactly what it asks (keys sorted, so the same question is the same key). */
export function cacheKey(source: DiagnosticsSourceName, query: DiagnosticsQuery): string {
  const sorted = Object.fromEntries(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)));
  return `${source}:${JSON.stringify(sorted)}`;
}

/**
 * One line fit for the channel: what kind of failure, the HTTP status if any — never the vendor's
 * body (it may echo our request), a stack, or a secret.
 */
export function safeError(error: EffectError, redact: Redactor): string {
  const status = /HTTP (\d{3})/.exec(error.message)?.[1];
  if (status) return `HTTP ${status}${status === '401' || status === '403' ? ' (check the credentials)' : ''}`;
  if (/no answer within/.test(error.message)) return 'no answer in time';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|fetch failed|ECONNRESET|socket/i.test(error.message)) return 'unreachable';
  // Sources word their own refusals ("no monitor id on the alert"): short, ours, redacted anyway.
  return redact(error.message.split('\n')[0]!).slice(0, 160);
}

export interface AskDeps {
  store: Transport;
  redact: Redactor;
  now: () => Date;
  cacheMs: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export async function askSource(source: DiagnosticsSource, query: DiagnosticsQuery, deps: AskDeps): Promise<SourceAnswer> {
  const key = cacheKey(source.name, query);
  const at = () => deps.now().toISOString();
  // Read even with caching off: a vendor's 429 is kept here too. The cache is a saving, not a
  // dependency: a store hiccup means asking the vendor.
  const hit = await diagnosticsCacheGet<Cached>(deps.store, key).catch(() => null);
  if (hit) {
    if (hit.value.kind === 'answer') return { status: 'ok', finding: hit.value.finding, problems: hit.value.problems, cached: true, at: at() };
    // The vendor said 429: nobody asks again before its Retry-After.
    return { status: 'rate-limited', retryAfterMs: Math.max(0, Date.parse(hit.expires_at) - deps.now().getTime()), at: at() };
  }

  const timeout = AbortSignal.timeout(deps.timeoutMs);
  const signal = AbortSignal.any([deps.signal, timeout]);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deps.timeoutMs)));
  let r: Awaited<ReturnType<DiagnosticsSource['fetch']>> | 'timeout';
  try {
    // A source that ignores its signal still loses the race.
    r = await Promise.race([source.fetch(query, { signal, now: deps.now }), timedOut]);
  } catch (err) {
    r = { ok: false, error: { kind: 'retry', message: err instanceof Error ? err.message : String(err) } };
  } finally {
    clearTimeout(timer);
  }
  if (r === 'timeout' || (!r.ok && timeout.aborted)) return { status: 'timeout', afterMs: deps.timeoutMs, at: at() };
  if (r.ok) {
    if (deps.cacheMs > 0) {
      await diagnosticsCachePut(deps.store, key, { kind: 'answer', finding: r.value.finding, problems: r.value.problems } satisfies Cached, deps.cacheMs).catch(() => {});
    }
    return { status: 'ok', finding: r.value.finding, problems: r.value.problems.map((p) => deps.redact(p)), cached: false, at: at() };
  }
  if (r.error.kind === 'rate-limited') {
    const wait = r.error.retryAfterMs;
    await diagnosticsCachePut(deps.store, key, { kind: 'rate-limited', retryAfterMs: wait } satisfies Cached, wait).catch(() => {});
    return { status: 'rate-limited', retryAfterMs: wait, at: at() };
  }
  return { status: 'failed', error: safeError(r.error, deps.redact), at: at() };
}
