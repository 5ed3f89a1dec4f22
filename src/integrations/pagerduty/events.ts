// PagerDuty: Events API v2 — trigger, acknowledge, resolve by dedup_key (the Pager port). Every method
// returns a PortResult; the outbox owns retries, so one call here is one HTTP request.
//
// Plain `fetch`, not @pagerduty/pdjs: pdjs builds `https://${server}/v2/enqueue` from a host name, so it
// can reach neither an http base URL nor a loopback fake (PAGERDUTY_EVENTS_URL); on a 429 it sleeps 20 s
// and retries inside the call, hiding the throttle from the outbox and holding a worker; and it sends
// through cross-fetch rather than Node's fetch. The API is one JSON POST: the SDK adds nothing we keep.
import type { Severity } from '../../domain/alert.js';
import type { EffectError } from '../../effects/effect.js';
import type { PageRequest, Pager, PortResult } from '../../effects/ports.js';

export const DEFAULT_EVENTS_URL = 'https://events.pagerduty.com';
/** PagerDuty's documented limits: `payload.summary` ≤ 1024 characters, `dedup_key` ≤ 255. */
export const SUMMARY_MAX = 1024;
export const DEDUP_KEY_MAX = 255;
/** PagerDuty documents no Retry-After on 429 and asks for a backoff: half a minute unless told otherwise. */
export const THROTTLED_RETRY_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CLIENT = 'Firebreak';
/** Events API v2 integration keys are 32 characters (ruleset keys start with R). */
const INTEGRATION_KEY_SHAPE = /\b[A-Za-z0-9]{32}\b/g;

export interface PagerDutyEventsOptions {
  /** The default Events API v2 integration key; `trigger(req, routingKey)` may name another service's. */
  routingKey: string;
  /** Base URL, without `/v2/enqueue`; a loopback fake in tests (PAGERDUTY_EVENTS_URL). */
  eventsUrl?: string;
  fetch?: typeof fetch;
  /** Per-request timeout: a hung call becomes a retryable failure instead of a stuck worker. */
  timeoutMs?: number;
  /** Sent as `client` on trigger events: PagerDuty shows it as the alert's origin. */
  clientName?: string;
  /** For an HTTP-date Retry-After. */
  now?: () => number;
}

/** sev1–sev4 → PagerDuty's severity, which sets the incident's urgency under PagerDuty's own rules. */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export const PAGERDUTY_SEVERITY: Readonly<Record<Severity, PagerDutySeverity>> = {
  sev1: 'critical',
  sev2: 'error',
  sev3: 'warning',
  sev4: 'info',
};

export function toPagerDutySeverity(severity: Severity): PagerDutySeverity {
  return PAGERDUTY_SEVERITY[severity];
}

type EventAction = 'trigger' | 'acknowledge' | 'resolve';

export function createPagerDutyEvents(opts: PagerDutyEventsOptions): Pager {
  const base = (opts.eventsUrl ?? DEFAULT_EVENTS_URL).replace(/\/+$/, '');
  const url = `${base}/v2/enqueue`;
  // Resolved per call, so a fetch swapped in after construction (an interceptor in tests) is used.
  const send = opts.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientName = opts.clientName ?? DEFAULT_CLIENT;
  const now = opts.now ?? Date.now;

  async function enqueue(action: EventAction, dedupKey: string, routingKeyOverride: string | undefined, extra: Record<string, unknown>): Promise<PortResult<{ dedupKey: string }>> {
    const where = `pagerduty ${action}`;
    const routingKey = routingKeyOverride ?? opts.routingKey;
    const keys = [opts.routingKey, routingKey];
    if (routingKey.trim() === '') return giveUp(`${where}: no routing key configured`);
    // Without a dedup_key PagerDuty makes up a new one, and every retry would open another incident.
    if (dedupKey === '') return giveUp(`${where}: empty dedup_key`);
    if (dedupKey.length > DEDUP_KEY_MAX) return giveUp(`${where}: dedup_key longer than ${DEDUP_KEY_MAX} characters`);

    const body = { routing_key: routingKey, event_action: action, dedup_key: dedupKey, ...extra };
    let res: Response;
    try {
      res = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { ok: false, error: { kind: 'retry', message: `${where}: request failed: ${describeFailure(err, timeoutMs, keys)}` } };
    }
    // Read the body even when unused: it frees the connection. A body lost after a 202 is still a 202.
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) {
      const answered = parseAnswer(text).dedup_key;
      return { ok: true, value: { dedupKey: typeof answered === 'string' && answered !== '' ? answered : dedupKey } };
    }
    // Scrubbed before anything clips it: a key cut in half would no longer match.
    const error = classifyEventsResponse(res.status, scrub(text, keys), res.headers.get('retry-after'), { where, origin: originOf(base), now: now() });
    return { ok: false, error: { ...error, message: scrub(error.message, keys) } };
  }

  return {
    trigger: (req, routingKey) => enqueue('trigger', req.dedupKey, routingKey, triggerFields(req, clientName)),
    acknowledge: async (dedupKey, routingKey) => dropValue(await enqueue('acknowledge', dedupKey, routingKey, {})),
    resolve: async (dedupKey, routingKey) => dropValue(await enqueue('resolve', dedupKey, routingKey, {})),
  };
}

/** The trigger-only fields; `client` and `client_url` are ignored by PagerDuty on other actions. */
function triggerFields(req: PageRequest, clientName: string): Record<string, unknown> {
  const payload = compact({
    summary: truncateSummary(req.summary),
    source: req.source,
    severity: toPagerDutySeverity(req.severity),
    component: req.component,
    group: req.group,
    class: req.class,
    custom_details: req.customDetails,
  });
  const links = req.links?.map((l) => compact({ href: l.href, text: l.text }));
  return compact({ payload, client: clientName, client_url: req.clientUrl, links: links?.length ? links : undefined });
}

/**
 * At most SUMMARY_MAX UTF-16 code units, ending in "…" when cut, never splitting a surrogate pair:
 * within the limit whether PagerDuty counts code units or code points.
 */
export function truncateSummary(summary: string, max = SUMMARY_MAX): string {
  if (summary.length <= max) return summary;
  let out = '';
  for (const ch of summary) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

interface Answer {
  status?: unknown;
  message?: unknown;
  errors?: unknown;
  dedup_key?: unknown;
}

/**
 * A non-2xx answer from the Events API → what the outbox does next. PagerDuty's table: 400 do not
 * retry; 429, 5xx and network errors retry after some time.
 */
export function classifyEventsResponse(status: number, text: string, retryAfter: string | null, ctx: { where: string; origin?: string; now?: number }): EffectError {
  const head = `${ctx.where}: HTTP ${status}`;
  const detail = describeAnswer(text);
  const message = detail === '' ? head : `${head}: ${detail}`;
  const waitMs = parseRetryAfter(retryAfter, ctx.now ?? Date.now());

  if (status === 429) return { kind: 'rate-limited', message: `${message} (throttled)`, retryAfterMs: waitMs ?? THROTTLED_RETRY_MS };
  if (status >= 500 || status === 408) return waitMs === undefined ? { kind: 'retry', message } : { kind: 'retry', message, retryAfterMs: waitMs };
  // The Events API takes its key in the body and answers a bad one with 400; a 401/403/404 here is
  // usually PAGERDUTY_EVENTS_URL pointing somewhere else (a proxy, the REST API). Retrying will not help.
  if (status === 401 || status === 403) return { kind: 'give-up', message: `${message} (refused: check the routing key and PAGERDUTY_EVENTS_URL)` };
  if (status === 404) return { kind: 'give-up', message: `${message} (no Events API at ${ctx.origin ?? 'the configured URL'}: check PAGERDUTY_EVENTS_URL)` };
  return { kind: 'give-up', message };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** PagerDuty's `{ status, message, errors[] }` as one line; a non-JSON body (a proxy's page) clipped. */
function describeAnswer(text: string): string {
  const answer = parseAnswer(text);
  const parts: string[] = [];
  if (typeof answer.message === 'string' && answer.message !== '') parts.push(answer.message);
  else if (typeof answer.status === 'string' && answer.status !== '') parts.push(answer.status);
  if (Array.isArray(answer.errors)) {
    const errors = answer.errors.filter((e): e is string => typeof e === 'string' && e !== '');
    if (errors.length > 0) parts.push(errors.join('; '));
  }
  if (parts.length > 0) return clip(parts.join(': '));
  return Object.keys(answer).length === 0 ? clip(text.replace(/\s+/g, ' ').trim()) : '';
}

function parseAnswer(text: string): Answer {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answer) : {};
  } catch {
    return {};
  }
}

/** fetch rejects with TypeError('fetch failed') and the socket error as `cause`; a timeout with TimeoutError. */
function describeFailure(err: unknown, timeoutMs: number, keys: readonly string[]): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `timed out after ${timeoutMs} ms`;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return clip(scrub(`${err.message}${cause}`, keys));
  }
  return clip(scrub(String(err), keys));
}

/**
 * Error messages go to the log, the timeline and the incident channel: a routing key never does,
 * whatever echoed it (a 400 naming the key, a proxy's error page quoting the body). The keys of this
 * call by value, and anything shaped like an integration key (32 letters and digits): another
 * policy's key is as secret as ours.
 */
function scrub(text: string, keys: readonly string[]): string {
  let out = text;
  for (const key of new Set(keys)) {
    if (key.trim() === '') continue;
    out = out.replace(new RegExp(key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[redacted]');
  }
  return out.replace(INTEGRATION_KEY_SHAPE, '[redacted]');
}

function originOf(base: string): string {
  try {
    return new URL(base).origin;
  } catch {
    return 'the configured URL';
  }
}

function giveUp(message: string): { ok: false; error: EffectError } {
  return { ok: false, error: { kind: 'give-up', message } };
}

function dropValue(result: PortResult<unknown>): PortResult {
  return result.ok ? { ok: true, value: undefined } : result;
}

function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
