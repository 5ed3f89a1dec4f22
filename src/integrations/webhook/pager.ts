// Webhook pages: the WebhookPager port — one signed JSON POST per page to a named URL from
// `escalation.webhooks`. Every call returns a PortResult; the outbox owns retries, so one call here
// is one HTTP request. The body and headers are documented in README.md beside this file.
import { createHmac } from 'node:crypto';
import type { Secret } from '../../config/secret.js';
import type { EffectError } from '../../effects/effect.js';
import type { PortResult, WebhookPage, WebhookPager } from '../../effects/ports.js';

export interface WebhookTargetConfig {
  url: string;
  /** HMAC-SHA256 key for X-Firebreak-Signature; unsigned when null. */
  secret: Secret | null;
  timeoutMs: number;
}

export interface WebhookPagerOptions {
  webhooks: Record<string, WebhookTargetConfig>;
  fetch?: typeof fetch;
  now?: () => number;
  userAgent?: string;
}

/** A receiver that throttles without saying for how long: half a minute. */
export const THROTTLED_RETRY_MS = 30_000;
export const BODY_TYPE = 'firebreak.page';
export const BODY_VERSION = 1;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the receiver recomputes it over the raw body. */
export function signPage(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The JSON body: snake_case, like the other payloads a receiver may already handle. */
export function pageBody(page: WebhookPage): string {
  const { incident, channel } = page;
  return JSON.stringify({
    type: BODY_TYPE,
    version: BODY_VERSION,
    incident: { id: incident.id, number: incident.number, title: incident.title, severity: incident.severity, status: incident.status, service: incident.service },
    level: page.level,
    round: page.round,
    reason: page.reason,
    channel,
    summary: page.summary,
  });
}

export function createWebhookPager(opts: WebhookPagerOptions): WebhookPager {
  // Resolved per call, so a fetch swapped in after construction (an interceptor in tests) is used.
  const send = opts.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  const now = opts.now ?? Date.now;

  return {
    async page(name, page, idempotencyKey) {
      const where = `webhook ${name}`;
      const hook = opts.webhooks[name];
      if (!hook) return giveUp(`${where}: not configured (escalation.webhooks.${name})`);
      const body = pageBody(page);
      const timestamp = String(Math.floor(now() / 1000));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': opts.userAgent ?? 'Firebreak',
        'idempotency-key': idempotencyKey,
        'x-firebreak-timestamp': timestamp,
      };
      const secret = hook.secret?.reveal();
      if (secret) headers['x-firebreak-signature'] = signPage(secret, timestamp, body);

      let res: Response;
      try {
        // No redirects: a POST turned into a GET by a 302 would "succeed" without paging anyone.
        res = await send(hook.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(hook.timeoutMs) });
      } catch (err) {
        return { ok: false, error: { kind: 'retry', message: `${where}: request failed: ${describeFailure(err, hook.timeoutMs)}` } };
      }
      // Read the body even when unused: it frees the connection. The text never reaches a message.
      await res.text().catch(() => '');
      if (res.status >= 200 && res.status < 300) return { ok: true, value: undefined };
      return { ok: false, error: classifyWebhookResponse(res.status, res.headers.get('retry-after'), where, now()) };
    },
  };
}

/**
 * A non-2xx answer → what the outbox does next: 429 waits (Retry-After), 408 and 5xx retry, any
 * other status (a 4xx, a redirect) will not change by itself and gives up.
 */
export function classifyWebhookResponse(status: number, retryAfter: string | null, where: string, nowMs: number): EffectError {
  const message = `${where}: HTTP ${status}`;
  const waitMs = parseRetryAfter(retryAfter, nowMs);
  if (status === 429) return { kind: 'rate-limited', message: `${message} (throttled)`, retryAfterMs: waitMs ?? THROTTLED_RETRY_MS };
  if (status >= 500 || status === 408) return waitMs === undefined ? { kind: 'retry', message } : { kind: 'retry', message, retryAfterMs: waitMs };
  if (status >= 300 && status < 400) return { kind: 'give-up', message: `${message} (redirects are not followed: configure the final URL)` };
  return { kind: 'give-up', message };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * fetch rejects with TypeError('fetch failed') and the socket error as `cause`; a timeout with
 * TimeoutError. The URL is never part of the message: its query may hold a receiver's token.
 */
export function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `timed out after ${timeoutMs} ms`;
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : null;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Socket errors name host and port at most ("connect ECONNREFUSED 10.0.0.7:443"), never the path or query.
  if (cause) return clip(cause.message);
  return err instanceof Error ? err.name : 'unknown error';
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function giveUp(message: string): PortResult<never> {
  return { ok: false, error: { kind: 'give-up', message } };
}
