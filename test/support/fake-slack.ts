// Test support: a fake Slack Web API on loopback. It records every call and answers the way Slack
// does: HTTP 200 with `{ ok: false, error }` for API errors, HTTP 429 with Retry-After for rate limits.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { readBody } from './http.js';

export interface FakeSlackCall {
  method: string;
  /** Request parameters (form or JSON body and query string), JSON-valued fields decoded; never the token. */
  params: Record<string, unknown>;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  creator: string;
  created: number;
  topic: string;
  /** A direct message between our bot and `user` (opened with conversations.open). */
  is_im?: boolean;
  user?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  user: string;
  edited?: boolean;
}

export interface FakeUser {
  id: string;
  name: string;
  email?: string;
  is_bot?: boolean;
  /** A deactivated account: conversations.open answers user_disabled. */
  deleted?: boolean;
  /** A guest: `multi` (is_restricted) or `single` channel (is_ultra_restricted). */
  guest?: 'multi' | 'single';
  /** Their home workspace (default: the fake's own, TFAKE0001). */
  team?: string;
  /** A Slack Connect user our workspace shares no channel with yet (users.info says is_stranger). */
  stranger?: boolean;
  /** Their Enterprise Grid org (users.info's enterprise_user.enterprise_id). */
  enterprise?: string;
}

/** The fake's own workspace (auth.test's team_id). */
export const FAKE_TEAM_ID = 'TFAKE0001';

export interface FakeSlackState {
  botUserId: string;
  channels: Map<string, FakeChannel>;
  /** Every message, in channels and DMs, in posting order (oldest first). */
  messages: FakeMessage[];
  /** channel id → pinned message ts */
  pins: Map<string, Set<string>>;
  /** channel id → member user ids */
  members: Map<string, Set<string>>;
  users: Map<string, FakeUser>;
  /** user id → the id of our DM with them */
  ims: Map<string, string>;
  /** user group id (S…) → member user ids */
  usergroups: Map<string, string[]>;
  ephemeral: Array<{ channel: string; user: string; text: string; message_ts: string }>;
  views: Array<{ method: 'views.open' | 'views.publish'; id: string; user_id?: string; trigger_id?: string; view: Record<string, unknown> }>;
  /** Files shared in channels (files.uploadV2: getUploadURLExternal → upload → completeUploadExternal). */
  files: FakeFile[];
}

export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  /** The uploaded bytes. */
  content: Buffer;
  channel: string | null;
  initialComment: string | null;
  permalink: string;
}

/** A Slack API error (`'channel_not_found'` or `{ error, needed: '…' }`), an HTTP status, or a delay. */
export type FakeFailure =
  | string
  | { error: string; [field: string]: unknown }
  | { status: 429; retryAfter: number }
  | { status: number }
  | { delayMs: number };

export interface FakeSlackOptions {
  botUserId?: string;
  /** Tokens that authenticate; by default any `xoxb-` token does. */
  tokens?: string[];
  users?: FakeUser[];
  usergroups?: Record<string, string[]>;
  /** Largest `limit` conversations.history honours (15 for non-Marketplace apps since 2025). */
  historyMaxLimit?: number;
  /** Seed for rateLimit()'s coin flips, so a run is reproducible. */
  seed?: number;
  /**
   * How users.info answers for a user id not in `users`: `members` (default) as an ordinary member
   * of our workspace (a signed request's user exists in Slack), `not-found` with user_not_found.
   */
  unknownUsers?: 'members' | 'not-found';
}

export interface FakeSlack {
  /** The Web API base URL, ending in /api/ — pass it as WebClient's slackApiUrl. */
  readonly url: string;
  readonly calls: FakeSlackCall[];
  readonly state: FakeSlackState;
  /** The next call to `method` fails this way (queued: call twice to fail two calls). */
  failNext(method: string, failure: FakeFailure): void;
  /**
   * Every call to `method` whose parameters match fails this way until the returned function is
   * called (an outage of one kind of call, e.g. only the page mentions).
   */
  failWhile(method: string, match: (params: Record<string, unknown>) => boolean, failure: FakeFailure): () => void;
  /** The messages we sent `user` in a DM, oldest first. */
  directMessages(user: string): FakeMessage[];
  /** Answer this fraction of calls (0..1) with HTTP 429 and Retry-After: retryAfterSeconds. */
  /** `except`: methods never limited (e.g. the directory reads a permission check makes while someone waits). */
  rateLimit(fraction: number, retryAfterSeconds?: number, except?: readonly string[]): void;
  /**
   * An outage switch: `'http-503'` answers every call with HTTP 503 (recorded), `'refused'` stops
   * listening (connections refused, nothing recorded); `up()` ends either, on the same URL.
   */
  down(mode?: 'http-503' | 'refused'): Promise<void>;
  up(): Promise<void>;
  /**
   * At most this many calls a second (a sliding one-second window of answered calls); above it the
   * fake answers 429 as Slack would. Null: no limit.
   */
  limitRate(perSecond: number | null, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

type Params = Record<string, unknown>;
type Answer = Record<string, unknown>;

class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

const fail = (code: string, extra?: Record<string, unknown>): never => {
  throw new SlackApiError(code, extra);
};

/** Parameters Slack takes as JSON strings inside a form body. */
const JSON_PARAMS = new Set(['blocks', 'attachments', 'metadata', 'view']);
const CHANNEL_NAME = /^[\p{Ll}\p{Lo}\p{N}_-]+$/u;

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const state: FakeSlackState = {
    botUserId: opts.botUserId ?? 'UBOTFIREBREAK',
    channels: new Map(),
    messages: [],
    pins: new Map(),
    members: new Map(),
    users: new Map((opts.users ?? []).map((u) => [u.id, u])),
    ims: new Map(),
    usergroups: new Map(Object.entries(opts.usergroups ?? {})),
    ephemeral: [],
    views: [],
    files: [],
  };
  /** Upload URLs handed out and not yet completed: file id → its pending record. */
  const pendingUploads = new Map<string, { filename: string; length: number; content: Buffer | null }>();
  const calls: FakeSlackCall[] = [];
  const failures = new Map<string, FakeFailure[]>();
  const outages = new Set<{ method: string; match: (params: Params) => boolean; failure: FakeFailure }>();
  let limited: { fraction: number; retryAfter: number; except: readonly string[] } = { fraction: 0, retryAfter: 1, except: [] };
  let outage: 'http-503' | 'refused' | null = null;
  let cap: { perSecond: number; retryAfter: number } | null = null;
  /** Times of the calls answered within the last second (for limitRate). */
  const recent: number[] = [];
  let random = mulberry32(opts.seed ?? 42);
  let seq = 0;
  const next = () => ++seq;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const newTs = () => `${nowSeconds()}.${String(next()).padStart(6, '0')}`;

  function channelOrFail(id: unknown, opts: { member?: boolean } = {}): FakeChannel {
    const ch = typeof id === 'string' ? state.channels.get(id) : undefined;
    // Slack hides private channels the caller is not in behind channel_not_found.
    if (!ch || (ch.is_private && !isMember(ch.id, state.botUserId))) return fail('channel_not_found');
    if (opts.member && !isMember(ch.id, state.botUserId)) return fail('not_in_channel');
    return ch;
  }
  const isMember = (channel: string, user: string) => state.members.get(channel)?.has(user) ?? false;
  const membersOf = (channel: string) => state.members.get(channel) ?? new Set<string>();
  const knownUser = (id: string) => state.users.has(id) || /^[UW][A-Z0-9]+$/.test(id);

  function channelView(ch: FakeChannel): Answer {
    return {
      id: ch.id,
      name: ch.name,
      name_normalized: ch.name,
      is_channel: !ch.is_private && !ch.is_im,
      is_group: false,
      is_im: ch.is_im ?? false,
      ...(ch.is_im ? { user: ch.user } : {}),
      is_mpim: false,
      is_private: ch.is_private,
      is_archived: ch.is_archived,
      is_member: isMember(ch.id, state.botUserId),
      created: ch.created,
      creator: ch.creator,
      topic: { value: ch.topic, creator: ch.topic ? state.botUserId : '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      num_members: membersOf(ch.id).size,
    };
  }

  function messageView(m: FakeMessage, withMetadata: boolean): Answer {
    return {
      type: 'message',
      user: m.user,
      bot_id: m.user === state.botUserId ? 'BFIREBREAK' : undefined,
      text: m.text,
      ts: m.ts,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.edited ? { edited: { user: m.user, ts: m.ts } } : {}),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    };
  }

  function checkMessageBody(p: Params): { text: string; blocks?: unknown[] } {
    const text = typeof p.text === 'string' ? p.text : '';
    if (p.blocks !== undefined && (!Array.isArray(p.blocks) || p.blocks.length > 50)) fail('invalid_blocks');
    const blocks = p.blocks as unknown[] | undefined;
    if (!text && !blocks?.length) fail('no_text');
    if (text.length > 40_000) fail('msg_too_long');
    return { text, blocks };
  }

  function checkMetadata(value: unknown): FakeMessage['metadata'] {
    if (value === undefined) return undefined;
    const m = value as { event_type?: unknown; event_payload?: unknown } | null;
    if (!m || typeof m.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null) {
      return fail('invalid_metadata_format');
    }
    return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
  }

  function page<T>(items: T[], p: Params, max: number, defaultLimit: number): { items: T[]; nextCursor: string } {
    const limit = p.limit === undefined ? defaultLimit : Number(p.limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000) fail('invalid_limit');
    const size = Math.min(limit || defaultLimit, max);
    let start = 0;
    if (typeof p.cursor === 'string' && p.cursor !== '') {
      const m = /^offset:(\d+)$/.exec(Buffer.from(p.cursor, 'base64').toString('utf8'));
      if (!m) fail('invalid_cursor');
      start = Number(m![1]);
    }
    const end = start + size;
    return { items: items.slice(start, end), nextCursor: end < items.length ? Buffer.from(`offset:${end}`).toString('base64') : '' };
  }

  const methods: Record<string, (p: Params) => Answer> = {
    'auth.test': () => ({
      url: 'https://fake-firebreak.slack.com/',
      team: 'Fake Firebreak',
      user: 'firebreak',
      team_id: FAKE_TEAM_ID,
      user_id: state.botUserId,
      bot_id: 'BFIREBREAK',
    }),

    'conversations.create': (p) => {
      const name = typeof p.name === 'string' ? p.name : '';
      if (!name) fail('invalid_name_required');
      if (name.length > 80) fail('invalid_name_maxlength');
      if (/^[-_]+$/.test(name)) fail('invalid_name_punctuation');
      if (!CHANNEL_NAME.test(name)) fail('invalid_name_specials');
      // Archived channels keep their name: it stays taken.
      if ([...state.channels.values()].some((c) => !c.is_im && c.name === name)) fail('name_taken');
      const ch: FakeChannel = {
        id: `C${String(next()).padStart(9, '0')}`,
        name,
        is_private: bool(p.is_private),
        is_archived: false,
        creator: state.botUserId,
        created: nowSeconds(),
        topic: '',
      };
      state.channels.set(ch.id, ch);
      state.members.set(ch.id, new Set([state.botUserId]));
      return { channel: channelView(ch) };
    },

    'conversations.info': (p) => ({ channel: channelView(channelOrFail(p.channel)) }),

    'conversations.list': (p) => {
      const types = new Set(String(p.types ?? 'public_channel').split(','));
      const visible = [...state.channels.values()].filter(
        (c) =>
          (c.is_im ? types.has('im') : c.is_private ? types.has('private_channel') && isMember(c.id, state.botUserId) : types.has('public_channel')) &&
          !(bool(p.exclude_archived) && c.is_archived),
      );
      const { items, nextCursor } = page(visible, p, 1000, 100);
      return { channels: items.map(channelView), response_metadata: { next_cursor: nextCursor } };
    },

    'conversations.setTopic': (p) => {
      const ch = channelOrFail(p.channel);
      if (ch.is_archived) fail('is_archived');
      if (!isMember(ch.id, state.botUserId)) fail('not_in_channel');
      const topic = String(p.topic ?? '');
      if (topic.length > 250) fail('too_long');
      ch.topic = topic;
      return { channel: channelView(ch) };
    },

    'conversations.invite': (p) => {
      const ch = channelOrFail(p.channel);
      if (ch.is_archived) fail('is_archived');
      if (!isMember(ch.id, state.botUserId)) fail('not_in_channel');
      const users = String(p.users ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) fail('no_user');
      if (users.length > 1000) fail('too_many_users');
      const errors: Array<{ user: string; ok: false; error: string }> = [];
      const valid: string[] = [];
      for (const user of users) {
        const error = !knownUser(user)
          ? 'user_not_found'
          : user === state.botUserId
            ? 'cant_invite_self'
            : isMember(ch.id, user)
              ? 'already_in_channel'
              : null;
        if (error) errors.push({ user, ok: false, error });
        else valid.push(user);
      }
      // Without `force`, one failing user fails the whole call and nobody is added.
      const force = bool(p.force);
      if (errors.length > 0 && (!force || valid.length === 0)) fail(errors[0]!.error, { errors });
      const members = membersOf(ch.id);
      for (const user of valid) members.add(user);
      state.members.set(ch.id, members);
      return { channel: channelView(ch), ...(errors.length ? { errors } : {}) };
    },

    'conversations.archive': (p) => {
      const ch = channelOrFail(p.channel);
      if (ch.is_archived) fail('already_archived');
      ch.is_archived = true;
      return {};
    },

    'conversations.open': (p) => {
      const users = String(p.users ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      if (users.length === 0) fail('users_list_not_supplied');
      // Group DMs (several users) are not something Firebreak opens.
      if (users.length > 1) fail('method_not_supported_for_channel_type');
      const user = users[0]!;
      if (!knownUser(user)) fail('user_not_found');
      if (user === state.botUserId || state.users.get(user)?.is_bot) fail('cannot_dm_bot');
      if (state.users.get(user)?.deleted) fail('user_disabled');
      const existing = state.ims.get(user);
      if (existing) return { no_op: true, already_open: true, channel: { id: existing } };
      const ch: FakeChannel = {
        id: `D${String(next()).padStart(9, '0')}`, name: user, is_private: true, is_archived: false, creator: state.botUserId, created: nowSeconds(), topic: '', is_im: true, user,
      };
      state.channels.set(ch.id, ch);
      state.members.set(ch.id, new Set([state.botUserId, user]));
      state.ims.set(user, ch.id);
      return { channel: { id: ch.id } };
    },

    'conversations.join': (p) => {
      const ch = channelOrFail(p.channel);
      if (ch.is_private) fail('method_not_supported_for_channel_type');
      if (ch.is_archived) fail('is_archived');
      const already = isMember(ch.id, state.botUserId);
      state.members.set(ch.id, membersOf(ch.id).add(state.botUserId));
      return { channel: channelView(ch), ...(already ? { warning: 'already_in_channel' } : {}) };
    },

    'conversations.history': (p) => {
      const ch = channelOrFail(p.channel, { member: true });
      const newestFirst = state.messages.filter((m) => m.channel === ch.id).reverse();
      const { items, nextCursor } = page(newestFirst, p, opts.historyMaxLimit ?? 1000, Math.min(100, opts.historyMaxLimit ?? 100));
      return {
        messages: items.map((m) => messageView(m, bool(p.include_all_metadata))),
        has_more: nextCursor !== '',
        pin_count: state.pins.get(ch.id)?.size ?? 0,
        response_metadata: { next_cursor: nextCursor },
      };
    },

    'chat.postMessage': (p) => {
      const ch = channelOrFail(p.channel);
      if (ch.is_archived) fail('is_archived');
      if (!isMember(ch.id, state.botUserId)) fail('not_in_channel');
      const { text, blocks } = checkMessageBody(p);
      const message: FakeMessage = { channel: ch.id, ts: newTs(), text, blocks, metadata: checkMetadata(p.metadata), user: state.botUserId };
      state.messages.push(message);
      return { channel: ch.id, ts: message.ts, message: messageView(message, true) };
    },

    'chat.update': (p) => {
      const ch = channelOrFail(p.channel);
      const message = state.messages.find((m) => m.channel === ch.id && m.ts === p.ts);
      if (!message) return fail('message_not_found');
      if (ch.is_archived) fail('is_inactive');
      if (message.user !== state.botUserId) fail('cant_update_message');
      const { text, blocks } = checkMessageBody(p);
      message.text = text;
      // Slack drops the old blocks when only text is given; metadata stays unless replaced.
      message.blocks = blocks;
      if (p.metadata !== undefined) message.metadata = checkMetadata(p.metadata);
      message.edited = true;
      return { channel: ch.id, ts: message.ts, text, message: messageView(message, true) };
    },

    'chat.postEphemeral': (p) => {
      const ch = channelOrFail(p.channel);
      const user = String(p.user ?? '');
      if (!knownUser(user)) fail('user_not_found');
      if (!isMember(ch.id, user)) fail('user_not_in_channel');
      const { text } = checkMessageBody(p);
      const message_ts = newTs();
      state.ephemeral.push({ channel: ch.id, user, text, message_ts });
      return { message_ts };
    },

    'chat.getPermalink': (p) => {
      const ch = channelOrFail(p.channel);
      const ts = String(p.message_ts ?? '');
      if (!state.messages.some((m) => m.channel === ch.id && m.ts === ts)) fail('message_not_found');
      return { channel: ch.id, permalink: `https://fake-firebreak.slack.com/archives/${ch.id}/p${ts.replace('.', '')}` };
    },

    'files.getUploadURLExternal': (p) => {
      const filename = typeof p.filename === 'string' ? p.filename : '';
      const length = Number(p.length);
      if (!filename) fail('invalid_arguments');
      if (!Number.isInteger(length) || length <= 0) fail('invalid_arguments');
      const id = `F${String(next()).padStart(9, '0')}`;
      pendingUploads.set(id, { filename, length, content: null });
      return { upload_url: `${baseUrl()}upload/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (p) => {
      const files = (typeof p.files === 'string' ? JSON.parse(p.files) : p.files) as Array<{ id: string; title?: string }> | undefined;
      if (!Array.isArray(files) || files.length === 0) fail('invalid_arguments');
      const channel = typeof p.channel_id === 'string' ? channelOrFail(p.channel_id, { member: true }).id : null;
      const done = files!.map((f) => {
        const pending = pendingUploads.get(f.id);
        if (!pending || pending.content === null) return fail('file_not_found');
        pendingUploads.delete(f.id);
        const file: FakeFile = {
          id: f.id, filename: pending.filename, title: f.title ?? pending.filename, content: pending.content, channel,
          initialComment: typeof p.initial_comment === 'string' ? p.initial_comment : null,
          permalink: `https://fake-firebreak.slack.com/files/${state.botUserId}/${f.id}/${pending.filename}`,
        };
        state.files.push(file);
        return { id: file.id, title: file.title, name: file.filename, permalink: file.permalink };
      });
      return { files: done };
    },

    'pins.add': (p) => {
      const ch = channelOrFail(p.channel);
      if (p.timestamp === undefined) fail('no_item_specified');
      if (!state.messages.some((m) => m.channel === ch.id && m.ts === p.timestamp)) fail('message_not_found');
      const pins = state.pins.get(ch.id) ?? new Set<string>();
      if (pins.has(String(p.timestamp))) fail('already_pinned');
      state.pins.set(ch.id, pins.add(String(p.timestamp)));
      return {};
    },

    'views.open': (p) => {
      if (typeof p.trigger_id !== 'string' || p.trigger_id === '') fail('invalid_arguments');
      if (p.trigger_id === 'expired') fail('expired_trigger_id');
      const view = viewOrFail(p.view, 'modal');
      const id = `V${String(next()).padStart(9, '0')}`;
      state.views.push({ method: 'views.open', id, trigger_id: p.trigger_id as string, view });
      return { view: { id, ...view } };
    },

    'views.publish': (p) => {
      if (typeof p.user_id !== 'string' || !knownUser(p.user_id)) fail('invalid_arguments');
      const view = viewOrFail(p.view, 'home');
      const id = `V${String(next()).padStart(9, '0')}`;
      state.views.push({ method: 'views.publish', id, user_id: p.user_id as string, view });
      return { view: { id, ...view } };
    },

    'users.lookupByEmail': (p) => {
      const email = String(p.email ?? '').toLowerCase();
      const user = [...state.users.values()].find((u) => u.email?.toLowerCase() === email);
      return user ? { user: userView(user) } : fail('users_not_found');
    },

    'usergroups.users.list': (p) => {
      const users = state.usergroups.get(String(p.usergroup ?? ''));
      return users ? { users: [...users] } : fail('no_such_subteam');
    },

    'users.info': (p) => {
      const id = String(p.user ?? '');
      const user = state.users.get(id) ?? (opts.unknownUsers !== 'not-found' && /^[UW][A-Z0-9]+$/.test(id) ? { id, name: id.toLowerCase() } : undefined);
      return user ? { user: userView(user) } : fail('user_not_found');
    },

    'conversations.members': (p) => {
      const channel = channelOrFail(p.channel);
      const all = [...(state.members.get(channel.id) ?? [])];
      const limit = Math.max(1, Math.min(1000, Number(p.limit ?? 100) || 100));
      const start = typeof p.cursor === 'string' && p.cursor !== '' ? Number(p.cursor) : 0;
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : '';
      return { members: page, response_metadata: { next_cursor: next } };
    },
  };

  function viewOrFail(view: unknown, type: string): Record<string, unknown> {
    const v = view as Record<string, unknown> | null | undefined;
    if (!v || typeof v !== 'object' || v.type !== type) return fail('invalid_arguments');
    return v;
  }

  function tokenError(req: IncomingMessage, params: Params): string | null {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : typeof params.token === 'string' ? params.token : '';
    if (!token) return 'not_authed';
    const valid = opts.tokens ? opts.tokens.includes(token) : token.startsWith('xoxb-');
    return valid ? null : 'invalid_auth';
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The upload URL files.getUploadURLExternal handed out: the raw bytes, answered as Slack does.
    const upload = /^\/api\/upload\/(F\d+)$/.exec(url.pathname);
    if (upload) {
      const pending = pendingUploads.get(upload[1]!);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (!pending) return void res.writeHead(404).end();
      pending.content = uploadedBytes(Buffer.concat(chunks), req.headers['content-type']);
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${pending.content.length}`);
    }
    const method = url.pathname.replace(/^\/api\//, '');
    let params: Params;
    try {
      params = parseParams(url, req.headers['content-type'], await readBody(req));
    } catch {
      params = { invalid_json: true };
    }
    const { token: _token, ...recorded } = params;
    const call: FakeSlackCall = { method, params: recorded, at: Date.now(), status: 200, ok: false };
    calls.push(call);

    const reply = (status: number, body: Answer, headers: Record<string, string> = {}) => {
      call.status = status;
      call.ok = status === 200 && body.ok === true;
      if (typeof body.error === 'string') call.error = body.error;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };

    if (outage === 'http-503') return reply(503, { ok: false, error: 'service_unavailable' });
    if (cap) {
      while (recent.length > 0 && recent[0]! <= call.at - 1000) recent.shift();
      if (recent.length >= cap.perSecond) return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(cap.retryAfter) });
      recent.push(call.at);
    }
    const failure = failures.get(method)?.shift() ?? [...outages].find((o) => o.method === method && o.match(recorded))?.failure;
    if (failure !== undefined) {
      if (typeof failure === 'string') return reply(200, { ok: false, error: failure });
      if ('error' in failure) return reply(200, { ...failure, ok: false });
      if ('delayMs' in failure) await new Promise((r) => setTimeout(r, failure.delayMs));
      else if ('retryAfter' in failure) return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      else return reply(failure.status, { ok: false, error: `http_${failure.status}` });
    }
    if (limited.fraction > 0 && !limited.except.includes(method) && random() < limited.fraction) {
      return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited.retryAfter) });
    }
    if (params.invalid_json) return reply(200, { ok: false, error: 'invalid_json' });
    const authError = tokenError(req, params);
    if (authError) return reply(200, { ok: false, error: authError });
    const run = methods[method];
    if (!run) return reply(200, { ok: false, error: 'unknown_method' });
    try {
      reply(200, { ok: true, ...run(params) });
    } catch (err) {
      if (!(err instanceof SlackApiError)) throw err;
      reply(200, { ok: false, error: err.code, ...err.extra });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  function baseUrl(): string {
    return `http://127.0.0.1:${port}/api/`;
  }

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    state,
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    failWhile(method, match, failure) {
      const outage = { method, match, failure };
      outages.add(outage);
      return () => void outages.delete(outage);
    },
    directMessages(user) {
      const dm = state.ims.get(user);
      return dm === undefined ? [] : state.messages.filter((m) => m.channel === dm);
    },
    async down(mode = 'http-503') {
      outage = mode;
      if (mode === 'refused') {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
    async up() {
      if (outage === 'refused') await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      outage = null;
    },
    limitRate(perSecond, retryAfterSeconds = 1) {
      cap = perSecond === null ? null : { perSecond, retryAfter: retryAfterSeconds };
      recent.length = 0;
    },
    rateLimit(fraction, retryAfterSeconds = 1, except = []) {
      limited = { fraction: Math.max(0, Math.min(1, fraction)), retryAfter: retryAfterSeconds, except };
      random = mulberry32(opts.seed ?? 42);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

/** The file's bytes from an upload body: raw, or the file part of multipart/form-data (what WebClient sends). */
function uploadedBytes(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = /multipart\/form-data;\s*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!boundary) return body;
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(marker);
  while (at !== -1) {
    const next = body.indexOf(marker, at + marker.length);
    if (next === -1) break;
    const part = body.subarray(at + marker.length + 2, next - 2); // past CRLF; before the CRLF ahead of the next marker
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1 && /filename=/i.test(part.subarray(0, split).toString('utf8'))) return Buffer.from(part.subarray(split + 4));
    at = next;
  }
  return body;
}

function userView(u: FakeUser): Answer {
  return {
    id: u.id, name: u.name, real_name: u.name, is_bot: u.is_bot ?? false, deleted: u.deleted ?? false, team_id: u.team ?? FAKE_TEAM_ID,
    is_restricted: u.guest !== undefined, is_ultra_restricted: u.guest === 'single', ...(u.stranger && { is_stranger: true }), ...(u.enterprise && { enterprise_user: { enterprise_id: u.enterprise } }),
    profile: { email: u.email, real_name: u.name },
  };
}

/** Form values are strings: Slack reads 'true' and '1' as true. */
function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function parseParams(url: URL, contentType: string | undefined, body: string): Params {
  const params: Params = Object.fromEntries(url.searchParams);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' && body !== '') {
    Object.assign(params, JSON.parse(body) as Params);
  } else if (body !== '') {
    for (const [key, value] of Object.entries(parseQuery(body))) {
      params[key] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  // WebClient sends nested values (blocks, metadata, view) as JSON strings inside the form.
  for (const key of JSON_PARAMS) {
    const value = params[key];
    if (typeof value !== 'string') continue;
    try {
      params[key] = JSON.parse(value);
    } catch {
      params[key] = value;
    }
  }
  return params;
}


/** A tiny seeded PRNG: the same seed gives the same 429 pattern on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
