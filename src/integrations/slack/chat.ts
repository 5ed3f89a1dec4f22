// Slack: the Chat port on the Web API — a channel created once per incident, batched invites, posts
// and DMs a retry can find again through message metadata, users looked up by email and user groups'
// members (both cached). Every method returns a PortResult.
import type { ChatUpdateArguments, WebClient } from '@slack/web-api';
import type { PortResult } from '../../effects/ports.js';
import type { SlackChatApi, SlackMessage } from './chat-api.js';
import { CHANNEL_NAME_MAX, withSuffix } from './channel-name.js';
import { classifySlackCode, classifySlackError, isSuccessCode, slackErrorCode } from './classify.js';
import { SLACK_LIMITS, truncate } from './escape.js';

/** Message metadata `event_type` carried by every message we post, with `{ key: idempotencyKey }`. */
export const EFFECT_EVENT_TYPE = 'firebreak_effect';

/** conversations.invite takes at most 1000 users per call. */
const INVITE_BATCH = 1000;
/** The name itself, then name-2 … name-10. */
const NAME_CANDIDATES = 10;
/** conversations.list page size (Slack's maximum): fewer pages of a Tier 2 method. */
const LIST_PAGE = 1000;
/**
 * conversations.history for apps outside the Marketplace: 1 call a minute, at most 15 messages.
 * A retry comes soon after the lost answer, so our message is among the newest.
 */
const HISTORY_LIMIT = 15;
const DEFAULT_FRESH_CHANNEL_MS = 60_000;
/** An email → user id answer is kept this long: people rarely change address, and paging should not wait on Slack. */
const DEFAULT_EMAIL_TTL_MS = 60 * 60_000;
/** "Nobody has this email" is kept shorter: the person may be invited to the workspace any minute. */
const DEFAULT_EMAIL_MISS_TTL_MS = 5 * 60_000;
/** Group membership changes with rotations: re-read it every few minutes. */
const DEFAULT_GROUP_TTL_MS = 5 * 60_000;
/** Codes users.lookupByEmail answers for an address nobody in the workspace has (the docs name both). */
const NO_SUCH_EMAIL = new Set(['users_not_found', 'user_not_found']);

export interface SlackChatOptions {
  /** Our bot user id; looked up once with auth.test when not given. */
  botUserId?: string;
  /** How long after ensureChannel a `channel_not_found` on that channel counts as Slack's lag. */
  freshChannelMs?: number;
  /** How long a users.lookupByEmail hit (and, separately, a miss) is cached in this process. */
  emailTtlMs?: number;
  emailMissTtlMs?: number;
  /** How long a user group's member list is cached. */
  groupTtlMs?: number;
  now?: () => number;
}

type Channel = { id: string; name: string };

export function createSlackChat(client: WebClient, opts: SlackChatOptions = {}): SlackChatApi {
  const now = opts.now ?? Date.now;
  const freshMs = opts.freshChannelMs ?? DEFAULT_FRESH_CHANNEL_MS;
  /**
   * Channels ensured in this process within `freshMs`: id → name and when. Within that window a
   * `channel_not_found` is Slack's lag, and a concurrent double-click finds the channel by name here
   * before conversations.list shows it.
   */
  const fresh = new Map<string, { name: string; at: number }>();
  let botUserId = opts.botUserId;
  /** email → user id (null: nobody) and until when that answer holds. */
  const byEmail = new Map<string, { id: string | null; until: number }>();
  /** user group id → its members and until when that list holds. */
  const groupMembers = new Map<string, { users: string[]; until: number }>();
  /** user id → the id of our DM with them; a DM's id never changes. */
  const dms = new Map<string, string>();

  function remember(ch: Channel): Channel {
    const t = now();
    for (const [id, seen] of fresh) if (t - seen.at > freshMs) fresh.delete(id);
    fresh.set(ch.id, { name: ch.name, at: t });
    return ch;
  }

  const isFresh = (channel: string) => {
    const seen = fresh.get(channel);
    return seen !== undefined && now() - seen.at <= freshMs;
  };

  const freshByName = (name: string): Channel | null => {
    for (const [id, seen] of fresh) if (seen.name === name && isFresh(id)) return { id, name };
    return null;
  };

  /** Runs one Web API call; a Slack failure becomes a classified error, a success-equivalent code a success. */
  async function call<T>(method: string, run: () => Promise<T>, channel?: string): Promise<PortResult<T | undefined>> {
    try {
      return { ok: true, value: await run() };
    } catch (err) {
      if (isSuccessCode(method, slackErrorCode(err))) return { ok: true, value: undefined };
      return { ok: false, error: classifySlackError(err, { method, freshChannel: channel !== undefined && isFresh(channel) }) };
    }
  }

  async function ourUserId(): Promise<PortResult<string>> {
    if (botUserId) return { ok: true, value: botUserId };
    const res = await call('auth.test', () => client.auth.test());
    if (!res.ok) return res;
    if (!res.value?.user_id) return { ok: false, error: { kind: 'give-up', message: 'slack auth.test: no user_id in the answer' } };
    botUserId = res.value.user_id;
    return { ok: true, value: botUserId };
  }

  /** A channel named `name` that we created and is still open: a retry after a crash or a double-click. */
  async function findOurs(name: string): Promise<PortResult<Channel | null>> {
    const mine = freshByName(name);
    if (mine) return { ok: true, value: mine };
    const me = await ourUserId();
    if (!me.ok) return me;
    let cursor: string | undefined;
    do {
      const page = await call('conversations.list', () =>
        client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: false, limit: LIST_PAGE, cursor }),
      );
      if (!page.ok) return page;
      const match = page.value?.channels?.find((c) => c.name === name && c.id);
      if (match?.id) {
        const info = await call('conversations.info', () => client.conversations.info({ channel: match.id! }));
        if (!info.ok) return info;
        const ch = info.value?.channel;
        const ours = ch?.creator === me.value && !ch.is_archived;
        return { ok: true, value: ours ? { id: match.id, name } : null };
      }
      cursor = page.value?.response_metadata?.next_cursor || undefined;
    } while (cursor);
    // Not listed: someone else's private channel (we cannot see those).
    return { ok: true, value: null };
  }

  const chat: SlackChatApi = {
    async ensureChannel({ name, isPrivate }) {
      for (let n = 1; n <= NAME_CANDIDATES; n++) {
        const candidate = candidateName(name, n);
        try {
          const res = await client.conversations.create({ name: candidate, is_private: isPrivate });
          const ch = { id: res.channel?.id ?? '', name: res.channel?.name ?? candidate };
          if (!ch.id) return { ok: false, error: { kind: 'retry', message: 'slack conversations.create: no channel id in the answer' } };
          return { ok: true, value: remember(ch) };
        } catch (err) {
          if (slackErrorCode(err) !== 'name_taken') return { ok: false, error: classifySlackError(err, { method: 'conversations.create' }) };
        }
        const ours = await findOurs(candidate);
        if (!ours.ok) return ours;
        if (ours.value) return { ok: true, value: remember(ours.value) };
      }
      return {
        ok: false,
        error: { kind: 'give-up', message: `slack conversations.create: ${candidateName(name, 1)} and its suffixes up to -${NAME_CANDIDATES} are taken by others` },
      };
    },

    async setTopic(channel, topic) {
      const res = await call('conversations.setTopic', () => client.conversations.setTopic({ channel, topic: truncate(topic, SLACK_LIMITS.topic) }), channel);
      return res.ok ? { ok: true, value: undefined } : res;
    },

    async invite(channel, users) {
      const unique = [...new Set(users.map((u) => u.trim()).filter((u) => u !== '' && u !== botUserId))];
      for (let i = 0; i < unique.length; i += INVITE_BATCH) {
        const res = await inviteBatch(channel, unique.slice(i, i + INVITE_BATCH));
        if (!res.ok) return res;
      }
      return { ok: true, value: undefined };
    },

    async post(message, postOpts) {
      if (postOpts?.retry) {
        const earlier = await findPosted(message.channel, message.idempotencyKey);
        if (!earlier.ok) return earlier;
        if (earlier.value) return { ok: true, value: { ts: earlier.value } };
      }
      const send = () =>
        client.chat.postMessage({
          channel: message.channel,
          text: message.text,
          ...blocksOf(message),
          metadata: { event_type: EFFECT_EVENT_TYPE, event_payload: { key: message.idempotencyKey } },
        });
      // A channel we did not create (the announcement channel) may not have us in it yet: a public
      // one we join (channels:join) and post again; a private one needs someone to invite the bot.
      let notIn = false;
      let res = await call('chat.postMessage', () => send().catch((err: unknown) => {
        notIn = slackErrorCode(err) === 'not_in_channel';
        throw err;
      }), message.channel);
      if (!res.ok && notIn) {
        const joined = await call('conversations.join', () => client.conversations.join({ channel: message.channel }), message.channel);
        if (!joined.ok) {
          const why = `could not join ${message.channel} to post there (${joined.error.message}): invite the Firebreak bot to the channel`;
          return { ok: false, error: joined.error.kind === 'give-up' ? { kind: 'give-up', message: why } : { ...joined.error, message: why } };
        }
        res = await call('chat.postMessage', send, message.channel);
      }
      if (!res.ok) return res;
      const ts = res.value?.ts;
      return ts ? { ok: true, value: { ts } } : { ok: false, error: { kind: 'retry', message: 'slack chat.postMessage: no ts in the answer' } };
    },

    async update(message) {
      // No `metadata`: chat.update keeps the message's metadata, so a retry still finds it by key.
      const res = await call(
        'chat.update',
        () => client.chat.update({ channel: message.channel, ts: message.ts, text: message.text, ...blocksOf(message) }),
        message.channel,
      );
      return res.ok ? { ok: true, value: undefined } : res;
    },

    async pin(channel, ts) {
      const res = await call('pins.add', () => client.pins.add({ channel, timestamp: ts }), channel);
      return res.ok ? { ok: true, value: undefined } : res;
    },

    async archive(channel) {
      const res = await call('conversations.archive', () => client.conversations.archive({ channel }), channel);
      return res.ok ? { ok: true, value: undefined } : res;
    },

    async directMessage(user, message, dmOpts) {
      let channel = dms.get(user);
      if (!channel) {
        const opened = await call('conversations.open', () => client.conversations.open({ users: user }));
        if (!opened.ok) return { ok: false, error: { ...opened.error, message: `${opened.error.message} (${user})` } };
        channel = opened.value?.channel?.id;
        if (!channel) return { ok: false, error: { kind: 'retry', message: 'slack conversations.open: no channel id in the answer' } };
        dms.set(user, channel);
      }
      const posted = await chat.post({ ...message, channel }, dmOpts);
      return posted.ok ? { ok: true, value: { channel, ts: posted.value.ts } } : posted;
    },

    async lookupUserByEmail(email) {
      const key = email.trim().toLowerCase();
      const t = now();
      const cached = byEmail.get(key);
      if (cached && cached.until > t) return { ok: true, value: cached.id };
      let id: string | null;
      try {
        const res = await client.users.lookupByEmail({ email: key });
        id = res.user?.id ?? null;
        if (!id) return { ok: false, error: { kind: 'retry', message: 'slack users.lookupByEmail: no user id in the answer' } };
      } catch (err) {
        if (!NO_SUCH_EMAIL.has(slackErrorCode(err) ?? '')) return { ok: false, error: classifySlackError(err, { method: 'users.lookupByEmail' }) };
        id = null;
      }
      for (const [k, v] of byEmail) if (v.until <= t) byEmail.delete(k);
      byEmail.set(key, { id, until: t + (id === null ? (opts.emailMissTtlMs ?? DEFAULT_EMAIL_MISS_TTL_MS) : (opts.emailTtlMs ?? DEFAULT_EMAIL_TTL_MS)) });
      return { ok: true, value: id };
    },

    async userGroupMembers(group) {
      const t = now();
      const cached = groupMembers.get(group);
      if (cached && cached.until > t) return { ok: true, value: cached.users };
      const res = await call('usergroups.users.list', () => client.usergroups.users.list({ usergroup: group }));
      if (!res.ok) return { ok: false, error: { ...res.error, message: `${res.error.message} (${group})` } };
      const users = res.value?.users ?? [];
      for (const [k, v] of groupMembers) if (v.until <= t) groupMembers.delete(k);
      groupMembers.set(group, { users, until: t + (opts.groupTtlMs ?? DEFAULT_GROUP_TTL_MS) });
      return { ok: true, value: users };
    },

    // files.uploadV2: getUploadURLExternal, the bytes to the upload URL, completeUploadExternal.
    async uploadFile({ channel, filename, title, content, comment }) {
      const res = await call('files.uploadV2', () =>
        client.filesUploadV2({ channel_id: channel, file: Buffer.from(content), filename, title, ...(comment !== null && { initial_comment: comment }) }), channel);
      if (!res.ok) return res;
      const shared = (res.value?.files ?? []).flatMap((f) => f.files ?? [])[0];
      if (!shared?.id) return { ok: false, error: { kind: 'retry', message: 'slack files.uploadV2: no file in the answer' } };
      return { ok: true, value: { fileId: shared.id, permalink: shared.permalink ?? null } };
    },
  };
  return chat;

  /**
   * One call of at most 1000 users. `force` invites the valid ones even when others fail. If Slack still
   * fails the call over users who are already in, the users it did not name are invited again, so
   * nobody is left out whichever way Slack treated the rest of the list.
   */
  async function inviteBatch(channel: string, users: string[]): Promise<PortResult> {
    try {
      await client.conversations.invite({ channel, users: users.join(','), force: true });
      return { ok: true, value: undefined };
    } catch (err) {
      const code = slackErrorCode(err);
      if (!isSuccessCode('conversations.invite', code)) {
        return { ok: false, error: classifySlackError(err, { method: 'conversations.invite', freshChannel: isFresh(channel) }) };
      }
      const perUser = (err as { data?: { errors?: Array<{ user?: string; error?: string }> } }).data?.errors ?? [];
      const blocking = perUser.find((e) => !isSuccessCode('conversations.invite', e.error ?? null));
      if (blocking) {
        const error = classifySlackCode(blocking.error ?? 'unknown', { method: 'conversations.invite' });
        return { ok: false, error: { ...error, message: `${error.message} (${blocking.user ?? 'a user'})` } };
      }
      const named = new Set(perUser.map((e) => e.user));
      const rest = users.filter((u) => !named.has(u));
      return perUser.length > 0 && rest.length > 0 && rest.length < users.length ? inviteBatch(channel, rest) : { ok: true, value: undefined };
    }
  }

  /** The ts of a message we posted in `channel` with this idempotency key, among the newest few. */
  async function findPosted(channel: string, key: string): Promise<PortResult<string | null>> {
    const read = () => client.conversations.history({ channel, limit: HISTORY_LIMIT, include_all_metadata: true });
    let page: Awaited<ReturnType<typeof read>>;
    try {
      page = await read();
    } catch (err) {
      if (slackErrorCode(err) !== 'not_in_channel') {
        return { ok: false, error: classifySlackError(err, { method: 'conversations.history', freshChannel: isFresh(channel) }) };
      }
      // Posting to a public channel needs no membership (chat:write.public), reading it does.
      const joined = await call('conversations.join', () => client.conversations.join({ channel }), channel);
      if (!joined.ok) return joined;
      const again = await call('conversations.history', read, channel);
      if (!again.ok) return again;
      page = again.value!;
    }
    const hit = page.messages?.find(
      (m) => m.metadata?.event_type === EFFECT_EVENT_TYPE && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
    );
    return { ok: true, value: hit?.ts ?? null };
  }
}

/** The n-th name to try: the name itself, then name-2, name-3 … (≤ 80 characters). */
function candidateName(name: string, n: number): string {
  return n === 1 ? name.slice(0, CHANNEL_NAME_MAX) : withSuffix(name, n);
}

type Blocks = Extract<ChatUpdateArguments, { blocks: unknown }>['blocks'];

function blocksOf(message: Pick<SlackMessage, 'blocks'>): { blocks?: Blocks } {
  // Block Kit is built and checked by integrations/slack/blocks; here it is opaque JSON.
  return message.blocks ? { blocks: message.blocks as Blocks } : {};
}
