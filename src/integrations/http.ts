// One JSON call to a vendor's HTTP API, with what every outbound vendor folder needs: a base URL from
// the environment (a loopback fake in tests), a timeout, and the answer mapped to what the outbox does
// next (EffectError): 429 → rate-limited after Retry-After; 5xx, a timeout or a refused connection →
// retry; any other 4xx → give up (sending it again changes nothing). Vendor text in errors is trimmed
// and never carries the request's credentials (the caller's secrets are cut out of it).
import type { EffectError } from '../effects/effect.js';
import type { PortResult } from '../effects/ports.js';

export interface VendorRequest {
  /** Vendor name for messages and metrics ("cloudflare", "github", …). */
  vendor: string;
  /** Base URL from the environment, e.g. `https://api.github.com`; a trailing slash is fine. */
  baseUrl: string;
  /** Path below the base URL, e.g. `/repos/o/r/actions/workflows/deploy.yml/dispatches`. */
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Values to cut out of any error text (the token in use). */
  secrets?: readonly string[];
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * Non-2xx statuses to hand back as answers instead of errors, for a caller that reads them (a 404
   * on a delete means already gone; a 400 whose body names a duplicate means already done).
   */
  answerStatuses?: readonly number[];
}

export interface VendorResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: T;
}

export const DEFAULT_VENDOR_TIMEOUT_MS = 10_000;
/** When a 429 gives no usable Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
const DETAIL_MAX = 300;

export function joinUrl(baseUrl: string, path: string, query?: VendorRequest['query']): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, ''));
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

/** Retry-After as seconds or an HTTP date → milliseconds from now (at least 1 s); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: () => number = Date.now): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1000, Math.round(seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(1000, at - now());
}

export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out.length > DETAIL_MAX ? `${out.slice(0, DETAIL_MAX)}…` : out;
}

/** Maps an HTTP status to what the outbox does next. */
export function errorForStatus(status: number, message: string, retryAfter?: number): EffectError {
  if (status === 429) return { kind: 'rate-limited', message, retryAfterMs: retryAfter ?? DEFAULT_RATE_LIMIT_WAIT_MS };
  if (status >= 500 || status === 408) return { kind: 'retry', message, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) };
  return { kind: 'give-up', message };
}

export async function vendorCall<T = unknown>(req: VendorRequest): Promise<PortResult<VendorResponse<T>>> {
  const send = req.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  const now = req.now ?? Date.now;
  const where = `${req.vendor} ${req.method ?? 'GET'} ${req.path.split('?')[0]}`;
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_VENDOR_TIMEOUT_MS);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await send(joinUrl(req.baseUrl, req.path, req.query), {
      method: req.method ?? 'GET',
      headers: { accept: 'application/json', ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers },
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      signal,
    });
  } catch (err) {
    const reason = timeout.aborted ? `no answer within ${req.timeoutMs ?? DEFAULT_VENDOR_TIMEOUT_MS} ms` : (err as Error).message;
    return { ok: false, error: { kind: 'retry', message: scrub(`${where}: ${reason}`, req.secrets) } };
  }
  let text = '';
  try {
    text = await res.text();
  } catch (err) {
    return { ok: false, error: { kind: 'retry', message: scrub(`${where}: body lost (${(err as Error).message})`, req.secrets) } };
  }
  const answered = res.ok || (req.answerStatuses ?? []).includes(res.status);
  if (!answered) {
    return { ok: false, error: errorForStatus(res.status, scrub(`${where}: HTTP ${res.status} ${text}`, req.secrets), retryAfterMs(res.headers.get('retry-after'), now)) };
  }
  let body: unknown = null;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // An answered error status (a 404 page in HTML) is read by its status alone.
      if (!res.ok) return { ok: true, value: { status: res.status, headers: res.headers, body: null as T } };
      return { ok: false, error: { kind: 'give-up', message: scrub(`${where}: HTTP ${res.status} but the body is not JSON`, req.secrets) } };
    }
  }
  return { ok: true, value: { status: res.status, headers: res.headers, body: body as T } };
}
