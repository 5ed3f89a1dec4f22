// Slack: Web API errors → retry or give-up. Slack answers most failures with HTTP 200 and
// `{ ok: false, error: '<code>' }`; WebClient throws those, and this decides what the outbox does next.
import { ErrorCode } from '@slack/web-api';
import type { EffectError } from '../../effects/effect.js';

/**
 * What each Slack `error` code means for an effect. Codes not listed give up: an unknown code is more
 * likely a request Slack will keep refusing than an outage.
 * Two codes depend on context and are decided by the caller (chat.ts):
 * - `channel_not_found` gives up, except right after we created the channel: Slack's other methods
 *   can lag behind conversations.create for a moment (`freshChannel` → retry after ~1.5 s).
 * - `name_taken` makes ensureChannel look the name up (ours → reuse, someone else's → suffix).
 */
export const SLACK_ERROR_VERDICTS = {
  // Slack's side: try again.
  ratelimited: 'retry',
  rate_limited: 'retry',
  internal_error: 'retry',
  fatal_error: 'retry',
  service_unavailable: 'retry',
  request_timeout: 'retry',
  update_failed: 'retry',
  team_added_to_org: 'retry',
  org_login_required: 'retry',
  external_channel_migrating: 'retry',
  // Our token or the app's configuration: a person has to act.
  not_authed: 'give-up',
  invalid_auth: 'give-up',
  account_inactive: 'give-up',
  token_revoked: 'give-up',
  token_expired: 'give-up',
  not_allowed_token_type: 'give-up',
  missing_scope: 'give-up',
  no_permission: 'give-up',
  access_denied: 'give-up',
  ekm_access_denied: 'give-up',
  restricted_action: 'give-up',
  // The request itself: sending it again changes nothing.
  channel_not_found: 'give-up',
  name_taken: 'give-up',
  not_in_channel: 'give-up',
  is_archived: 'give-up',
  is_inactive: 'give-up',
  method_not_supported_for_channel_type: 'give-up',
  invalid_name: 'give-up',
  invalid_name_specials: 'give-up',
  invalid_name_maxlength: 'give-up',
  invalid_name_punctuation: 'give-up',
  invalid_name_required: 'give-up',
  too_long: 'give-up',
  msg_too_long: 'give-up',
  no_text: 'give-up',
  invalid_blocks: 'give-up',
  invalid_blocks_format: 'give-up',
  invalid_metadata_format: 'give-up',
  invalid_metadata_schema: 'give-up',
  metadata_too_large: 'give-up',
  message_not_found: 'give-up',
  cant_update_message: 'give-up',
  edit_window_closed: 'give-up',
  not_pinnable: 'give-up',
  user_not_found: 'give-up',
  users_not_found: 'give-up',
  cant_invite: 'give-up',
  too_many_users: 'give-up',
  cant_archive_general: 'give-up',
  invalid_arguments: 'give-up',
  invalid_arg_name: 'give-up',
  invalid_cursor: 'give-up',
  invalid_limit: 'give-up',
  invalid_json: 'give-up',
  unknown_method: 'give-up',
} as const satisfies Record<string, EffectError['kind']>;

/**
 * Codes that mean the method's goal is already reached, per method: chat.ts returns success for them.
 * Only for that method — `already_in_channel` from conversations.invite is success, not from anywhere.
 */
export const SLACK_SUCCESS_CODES: Readonly<Record<string, readonly string[]>> = {
  'conversations.invite': ['already_in_channel', 'cant_invite_self'],
  'conversations.archive': ['already_archived'],
  'pins.add': ['already_pinned'],
};

/** Slack's lag after conversations.create is usually well under a second. */
export const FRESH_CHANNEL_RETRY_MS = 1_500;

export interface ClassifyContext {
  /** The Web API method that failed, for the message. */
  method: string;
  /** The channel was created (or found) moments ago: `channel_not_found` is lag, not absence. */
  freshChannel?: boolean;
}

interface PlatformData {
  error?: unknown;
  needed?: unknown;
  response_metadata?: { retryAfter?: unknown };
}

/** The Slack `error` code of a platform error (HTTP 200, ok: false), or null for any other failure. */
export function slackErrorCode(err: unknown): string | null {
  const data = platformData(err);
  return typeof data?.error === 'string' ? data.error : null;
}

export function isSuccessCode(method: string, code: string | null): boolean {
  return code !== null && (SLACK_SUCCESS_CODES[method]?.includes(code) ?? false);
}

export function classifySlackError(err: unknown, ctx: ClassifyContext): EffectError {
  const where = `slack ${ctx.method}`;
  const code = codeOf(err);

  if (code === ErrorCode.RateLimitedError) {
    const seconds = Number((err as { retryAfter?: unknown }).retryAfter);
    const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
    return { kind: 'rate-limited', message: `${where}: rate limited (Retry-After ${seconds}s)`, retryAfterMs: retryAfterMs ?? 30_000 };
  }

  if (code === ErrorCode.PlatformError) {
    const data = platformData(err) ?? {};
    const slackCode = typeof data.error === 'string' ? data.error : '';
    // A body that was not JSON (a proxy's HTML page) comes through as the `error` text: transport trouble.
    if (!/^[a-z0-9_]+$/.test(slackCode)) return { kind: 'retry', message: `${where}: unexpected answer ${clip(scrub(slackCode))}` };
    return classifySlackCode(slackCode, ctx, { needed: data.needed, retryAfter: data.response_metadata?.retryAfter });
  }

  if (code === ErrorCode.HTTPError) {
    const status = Number((err as { statusCode?: unknown }).statusCode);
    const kind = status >= 500 || status === 408 || status === 429 ? 'retry' : 'give-up';
    return { kind, message: `${where}: HTTP ${status}` };
  }

  if (code === ErrorCode.RequestError) {
    const original = (err as { original?: unknown }).original;
    const name = original instanceof Error ? original.name : '';
    const detail = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : describe(original);
    return { kind: 'retry', message: `${where}: request failed: ${detail}` };
  }

  // Anything else (a 429 without Retry-After, a socket error outside WebClient's wrapping): transient
  // until proven otherwise; the outbox's attempt limit stops a bug from retrying forever.
  return { kind: 'retry', message: `${where}: ${describe(err)}` };
}

/** One Slack `error` code (from a failed call, or one user's entry in conversations.invite's `errors`). */
export function classifySlackCode(code: string, ctx: ClassifyContext, extra: { needed?: unknown; retryAfter?: unknown } = {}): EffectError {
  const where = `slack ${ctx.method}`;
  if (code === 'channel_not_found' && ctx.freshChannel) {
    return { kind: 'retry', message: `${where}: channel_not_found just after creating it`, retryAfterMs: FRESH_CHANNEL_RETRY_MS };
  }
  let message = `${where}: ${code}`;
  if (code === 'missing_scope' && typeof extra.needed === 'string') message += ` (needs scope ${scrub(extra.needed)})`;
  // Slack hides private channels the bot is not in: to an operator that reads as a missing channel.
  if (code === 'channel_not_found') message += ' (no such channel, or a private one the Firebreak bot was not invited to)';
  if (verdictOf(code) === 'give-up') return { kind: 'give-up', message };
  const seconds = Number(extra.retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? { kind: 'retry', message, retryAfterMs: seconds * 1000 } : { kind: 'retry', message };
}

function verdictOf(code: string): EffectError['kind'] {
  return Object.hasOwn(SLACK_ERROR_VERDICTS, code) ? SLACK_ERROR_VERDICTS[code as keyof typeof SLACK_ERROR_VERDICTS] : 'give-up';
}

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

function platformData(err: unknown): PlatformData | null {
  if (codeOf(err) !== ErrorCode.PlatformError) return null;
  const data = (err as { data?: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as PlatformData) : null;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return clip(scrub(`${err.message}${cause}`));
  }
  return clip(scrub(String(err)));
}

/** Errors end up in logs and on the timeline: never let a token through, whatever echoed it. */
function scrub(text: string): string {
  return text.replace(/\bxox[a-z]-[A-Za-z0-9-]+/gi, '[redacted]').replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]');
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
