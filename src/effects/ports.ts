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
}
