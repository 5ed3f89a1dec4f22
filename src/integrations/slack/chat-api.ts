// Slack: the Web API calls Firebreak makes, as one small interface — met by the real client
// (chat.ts) and by local mode (local-chat.ts). Messages here are already rendered (text + blocks);
// port.ts renders the core's chat content onto it.
import type { PortResult } from '../../effects/ports.js';

export interface SlackMessage {
  channel: string;
  /** Plain-text fallback (notifications, screen readers); already escaped for mrkdwn. */
  text: string;
  blocks?: unknown[];
  /** Carried as Slack message metadata so a retry can find a message it already posted. */
  idempotencyKey: string;
}

export interface SlackChatApi {
  /**
   * A channel created once: a retry finds the channel it already created (same name, created by
   * us); a name taken by someone else gets a suffix.
   */
  ensureChannel(req: { name: string; isPrivate: boolean; incidentId: string }): Promise<PortResult<{ id: string; name: string }>>;
  setTopic(channel: string, topic: string): Promise<PortResult>;
  /** Already-present users are success. */
  invite(channel: string, users: string[]): Promise<PortResult>;
  /**
   * Posts once per idempotency key, even across retries. Pass `retry: true` on a second or later
   * attempt: the adapter then first looks for a message it already posted with this key.
   */
  post(message: SlackMessage, opts?: { retry?: boolean }): Promise<PortResult<{ ts: string }>>;
  update(message: Omit<SlackMessage, 'idempotencyKey'> & { ts: string }): Promise<PortResult>;
  /** Already pinned is success. */
  pin(channel: string, ts: string): Promise<PortResult>;
  archive(channel: string): Promise<PortResult>;
  /** A direct message to one user (the bot's DM with them, opened if need be), posted once per key like `post`. */
  directMessage(user: string, message: Omit<SlackMessage, 'channel'>, opts?: { retry?: boolean }): Promise<PortResult<{ channel: string; ts: string }>>;
  /** The user id registered under this email, or null when there is no such user. Cached by the adapter. */
  lookupUserByEmail(email: string): Promise<PortResult<string | null>>;
  /** The members of a user group (S…). Cached briefly by the adapter. */
  userGroupMembers(group: string): Promise<PortResult<string[]>>;
  /** files.uploadV2 into a channel; `comment` is mrkdwn, already escaped. */
  uploadFile(req: { channel: string; filename: string; title: string; content: Uint8Array; comment: string | null }): Promise<PortResult<{ fileId: string; permalink: string | null }>>;
}
