// Effects: what the core needs from the outside, named by the consumer. Vendor folders satisfy
// these; local mode satisfies them by writing to the log and the timeline.
import type { EffectError } from './effect.js';

export type PortResult<T = void> = { ok: true; value: T } | { ok: false; error: EffectError };

export interface ChatMessage {
  channel: string;
  /** Plain-text fallback (notifications, screen readers); already escaped for mrkdwn. */
  text: string;
  blocks?: unknown[];
  /** Carried as Slack message metadata so a retry can find a message it already posted. */
  idempotencyKey: string;
}

export interface Chat {
  /**
   * The incident's channel, created once: a retry finds the channel it already created (same name,
   * created by us); a name taken by someone else gets a suffix.
   */
  ensureChannel(req: { name: string; isPrivate: boolean; incidentId: string }): Promise<PortResult<{ id: string; name: string }>>;
  setTopic(channel: string, topic: string): Promise<PortResult>;
  /** Already-present users are success. */
  invite(channel: string, users: string[]): Promise<PortResult>;
  /**
   * Posts once per idempotency key, even across retries. Pass `retry: true` on a second or later
   * attempt: the adapter then first looks for a message it already posted with this key.
   */
  post(message: ChatMessage, opts?: { retry?: boolean }): Promise<PortResult<{ ts: string }>>;
  update(message: Omit<ChatMessage, 'idempotencyKey'> & { ts: string }): Promise<PortResult>;
  /** Already pinned is success. */
  pin(channel: string, ts: string): Promise<PortResult>;
  archive(channel: string): Promise<PortResult>;
  /**
   * A direct message to one user (the bot's DM with them, opened if need be), posted once per
   * idempotency key like `post`: pass `retry: true` on a second or later attempt.
   */
  directMessage(user: string, message: Omit<ChatMessage, 'channel'>, opts?: { retry?: boolean }): Promise<PortResult<{ channel: string; ts: string }>>;
  /** The user id registered under this email, or null when there is no such user. Cached by the adapter. */
  lookupUserByEmail(email: string): Promise<PortResult<string | null>>;
  /** The members of a user group (S…), so each can get the page as a DM. Cached briefly by the adapter. */
  userGroupMembers(group: string): Promise<PortResult<string[]>>;
}

/** One PagerDuty alert, in the Events API v2's own terms (severity is PagerDuty's, not sev1–sev4). */
export interface PageRequest {
  /** The incident's stable key: every retry and every later acknowledge/resolve uses the same one. */
  dedupKey: string;
  summary: string;
  source: string;
  severity: 'critical' | 'error' | 'warning' | 'info';
  component?: string;
  group?: string;
  class?: string;
  customDetails?: Record<string, unknown>;
  links?: Array<{ href: string; text?: string }>;
  clientUrl?: string;
}

export interface Pager {
  /** Trigger (or re-trigger) the PagerDuty incident for dedupKey: never a second incident for the same key. */
  trigger(req: PageRequest, routingKey?: string): Promise<PortResult<{ dedupKey: string }>>;
  /** Pass the trigger's routingKey: PagerDuty drops an acknowledge or resolve sent through another integration. */
  acknowledge(dedupKey: string, routingKey?: string): Promise<PortResult>;
  resolve(dedupKey: string, routingKey?: string): Promise<PortResult>;
}

/** A page as a webhook receives it (the JSON body is documented in integrations/webhook/README.md). */
export interface WebhookPage {
  incident: { id: string; number: number | null; title: string; severity: string; status: string; service: string | null };
  /** Escalation level as people count it (1 = the first), or null for a page by hand. */
  level: number | null;
  round: number;
  reason: string;
  channel: { id: string; name: string; url: string } | null;
  /** One plain-text line: what the incident is and where it stands. */
  summary: string;
}

export interface WebhookPager {
  /**
   * POSTs the page to the webhook named `name` in config. `idempotencyKey` is stable across retries
   * (sent as Idempotency-Key), so a receiver can drop a repeat.
   */
  page(name: string, page: WebhookPage, idempotencyKey: string): Promise<PortResult>;
}
