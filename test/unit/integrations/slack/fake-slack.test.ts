// Tests: the fake Slack Web API answers the way Slack does (ok:false on HTTP 200, 429 + Retry-After),
// for form and JSON bodies, and keeps the state the Slack adapter tests assert on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../../support/fake-slack.js';

let fake: FakeSlack;
const TOKEN = 'xoxb-fake-test';

async function start(opts?: FakeSlackOptions) {
  await fake?.close();
  fake = await startFakeSlack(opts);
}

beforeEach(() => start());
afterEach(() => fake.close());

/** A raw Web API call: form-encoded like WebClient (nested values as JSON strings), or a JSON body. */
async function api(method: string, params: Record<string, unknown> = {}, opts: { token?: string | null; json?: boolean } = {}) {
  const token = opts.token === undefined ? TOKEN : opts.token;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let body: string;
  if (opts.json) {
    headers['content-type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(params);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    body = form.toString();
  }
  const res = await fetch(`${fake.url}${method}`, { method: 'POST', headers, body });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in assertions; a schema per method would be noise
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, any> };
}

async function channel(name: string, opts: { is_private?: boolean } = {}): Promise<string> {
  const { body } = await api('conversations.create', { name, ...opts });
  expect(body.ok).toBe(true);
  return body.channel.id as string;
}

describe('fake Slack: authentication', () => {
  it('answers not_authed without a token and invalid_auth for a wrong one, on HTTP 200', async () => {
    expect(await api('auth.test', {}, { token: null })).toMatchObject({ status: 200, body: { ok: false, error: 'not_authed' } });
    expect((await api('auth.test', {}, { token: 'xoxp-user-token' })).body.error).toBe('invalid_auth');
    await start({ tokens: ['xoxb-only-this'] });
    expect((await api('auth.test')).body.error).toBe('invalid_auth');
    expect((await api('auth.test', {}, { token: 'xoxb-only-this' })).body).toMatchObject({ ok: true, user_id: 'UBOTFIREBREAK' });
  });

  it('records every call with its parameters but never the token', async () => {
    await api('conversations.create', { name: 'inc-1', token: TOKEN }, { token: null });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ method: 'conversations.create', params: { name: 'inc-1' }, status: 200, ok: true });
    expect(JSON.stringify(fake.calls)).not.toContain(TOKEN);
  });
});

describe('fake Slack: channels', () => {
  it('creates a channel owned by the bot, and refuses the name again (archived too) with name_taken', async () => {
    const id = await channel('inc-7-db-down');
    expect(fake.state.channels.get(id)).toMatchObject({ name: 'inc-7-db-down', creator: 'UBOTFIREBREAK', is_archived: false });
    expect((await api('conversations.create', { name: 'inc-7-db-down' })).body.error).toBe('name_taken');
    await api('conversations.archive', { channel: id });
    expect((await api('conversations.create', { name: 'inc-7-db-down' })).body.error).toBe('name_taken');
  });

  it.each([
    ['', 'invalid_name_required'],
    ['a'.repeat(81), 'invalid_name_maxlength'],
    ['---', 'invalid_name_punctuation'],
    ['Inc-Upper', 'invalid_name_specials'],
    ['has space', 'invalid_name_specials'],
  ])('refuses the name %j with %s', async (name, error) => {
    expect((await api('conversations.create', { name })).body.error).toBe(error);
  });

  it('accepts an 80-character name and lowercase non-Latin letters', async () => {
    expect((await api('conversations.create', { name: 'a'.repeat(80) })).body.ok).toBe(true);
    expect((await api('conversations.create', { name: 'inc-9-база-данных' })).body.ok).toBe(true);
  });

  it('pages conversations.list with a cursor, includes archived unless excluded, hides private channels we are not in', async () => {
    for (let i = 0; i < 5; i++) await channel(`c-${i}`);
    const secret = await channel('secret', { is_private: true });
    fake.state.members.get(secret)!.delete(fake.state.botUserId);
    await api('conversations.archive', { channel: fake.state.channels.values().next().value!.id });

    const names: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const { body } = await api('conversations.list', { types: 'public_channel,private_channel', limit: 2, cursor });
      names.push(...body.channels.map((c: { name: string }) => c.name));
      cursor = body.response_metadata.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(names).toEqual(['c-0', 'c-1', 'c-2', 'c-3', 'c-4']);
    expect((await api('conversations.list', { exclude_archived: true })).body.channels).toHaveLength(4);
    expect((await api('conversations.list', { cursor: 'bogus' })).body.error).toBe('invalid_cursor');
    expect((await api('conversations.info', { channel: secret })).body.error).toBe('channel_not_found');
  });

  it('reports creator, name and is_archived in conversations.info', async () => {
    const id = await channel('inc-3');
    await api('conversations.archive', { channel: id });
    expect((await api('conversations.info', { channel: id })).body.channel).toMatchObject({ id, name: 'inc-3', creator: 'UBOTFIREBREAK', is_archived: true });
    expect((await api('conversations.archive', { channel: id })).body.error).toBe('already_archived');
  });

  it('sets a topic of at most 250 characters', async () => {
    const id = await channel('inc-4');
    expect((await api('conversations.setTopic', { channel: id, topic: 'sev1 · investigating' })).body.ok).toBe(true);
    expect(fake.state.channels.get(id)!.topic).toBe('sev1 · investigating');
    expect((await api('conversations.setTopic', { channel: id, topic: 'x'.repeat(251) })).body.error).toBe('too_long');
    expect((await api('conversations.setTopic', { channel: 'CNOPE', topic: 'x' })).body.error).toBe('channel_not_found');
  });

  it('joins a public channel and refuses a private one', async () => {
    const pub = await channel('pub');
    fake.state.members.get(pub)!.clear();
    expect((await api('conversations.join', { channel: pub })).body.ok).toBe(true);
    expect(fake.state.members.get(pub)!.has('UBOTFIREBREAK')).toBe(true);
  });
});

describe('fake Slack: conversations.invite', () => {
  it('adds users, and answers already_in_channel with an errors array when everyone is in', async () => {
    const id = await channel('inc-5');
    expect((await api('conversations.invite', { channel: id, users: 'U1,U2' })).body.ok).toBe(true);
    const again = (await api('conversations.invite', { channel: id, users: 'U1,U2' })).body;
    expect(again).toMatchObject({ ok: false, error: 'already_in_channel' });
    expect(again.errors).toEqual([
      { user: 'U1', ok: false, error: 'already_in_channel' },
      { user: 'U2', ok: false, error: 'already_in_channel' },
    ]);
  });

  it('adds nobody when one user fails without force, and the valid ones with force', async () => {
    const id = await channel('inc-6');
    await api('conversations.invite', { channel: id, users: 'U1' });
    expect((await api('conversations.invite', { channel: id, users: 'U1,U2' })).body.error).toBe('already_in_channel');
    expect(fake.state.members.get(id)!.has('U2')).toBe(false);
    const forced = (await api('conversations.invite', { channel: id, users: 'U1,U2,UBOTFIREBREAK', force: 'true' })).body;
    expect(forced.ok).toBe(true);
    expect(forced.errors.map((e: { error: string }) => e.error)).toEqual(['already_in_channel', 'cant_invite_self']);
    expect([...fake.state.members.get(id)!]).toEqual(['UBOTFIREBREAK', 'U1', 'U2']);
  });

  it('refuses more than 1000 users in one call', async () => {
    const id = await channel('inc-8');
    const users = Array.from({ length: 1001 }, (_, i) => `U${i}`).join(',');
    expect((await api('conversations.invite', { channel: id, users })).body.error).toBe('too_many_users');
  });
});

describe('fake Slack: messages', () => {
  it('stores text, blocks and metadata sent form-encoded, and returns ts and channel', async () => {
    const id = await channel('inc-10');
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*sev1*' } }];
    const metadata = { event_type: 'firebreak_effect', event_payload: { key: 'k-1' } };
    const { body } = await api('chat.postMessage', { channel: id, text: 'summary', blocks, metadata });
    expect(body).toMatchObject({ ok: true, channel: id, ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(fake.state.messages).toEqual([{ channel: id, ts: body.ts, text: 'summary', blocks, metadata, user: 'UBOTFIREBREAK' }]);
  });

  it('accepts a JSON body the same way', async () => {
    const id = await channel('inc-11');
    const { body } = await api('chat.postMessage', { channel: id, text: 'hi', blocks: [{ type: 'divider' }] }, { json: true });
    expect(body.ok).toBe(true);
    expect(fake.state.messages[0]!.blocks).toEqual([{ type: 'divider' }]);
  });

  it('refuses unknown channels, empty and over-long messages, and bad metadata', async () => {
    const id = await channel('inc-12');
    expect((await api('chat.postMessage', { channel: 'CNOPE', text: 'x' })).body.error).toBe('channel_not_found');
    expect((await api('chat.postMessage', { channel: id })).body.error).toBe('no_text');
    expect((await api('chat.postMessage', { channel: id, text: 'x'.repeat(40_001) })).body.error).toBe('msg_too_long');
    expect((await api('chat.postMessage', { channel: id, text: 'x', metadata: { event_type: 1 } })).body.error).toBe('invalid_metadata_format');
  });

  it('returns metadata from conversations.history only with include_all_metadata, newest first', async () => {
    await start({ historyMaxLimit: 15 });
    const id = await channel('inc-13');
    for (let i = 0; i < 20; i++) {
      await api('chat.postMessage', { channel: id, text: `m${i}`, metadata: { event_type: 'firebreak_effect', event_payload: { key: `k${i}` } } });
    }
    const plain = (await api('conversations.history', { channel: id, limit: 20 })).body;
    expect(plain.messages).toHaveLength(15);
    expect(plain.messages[0].text).toBe('m19');
    expect(plain.messages[0].metadata).toBeUndefined();
    const withMeta = (await api('conversations.history', { channel: id, limit: 2, include_all_metadata: true })).body;
    expect(withMeta.messages.map((m: { metadata: unknown }) => m.metadata)).toEqual([
      { event_type: 'firebreak_effect', event_payload: { key: 'k19' } },
      { event_type: 'firebreak_effect', event_payload: { key: 'k18' } },
    ]);
    expect(withMeta.has_more).toBe(true);
  });

  it('updates in place keeping metadata, and answers message_not_found for an unknown ts', async () => {
    const id = await channel('inc-14');
    const metadata = { event_type: 'firebreak_effect', event_payload: { key: 'k' } };
    const { ts } = (await api('chat.postMessage', { channel: id, text: 'v1', metadata })).body;
    expect((await api('chat.update', { channel: id, ts, text: 'v2' })).body.ok).toBe(true);
    expect(fake.state.messages).toHaveLength(1);
    expect(fake.state.messages[0]).toMatchObject({ text: 'v2', metadata, edited: true });
    expect((await api('chat.update', { channel: id, ts: '1.000001', text: 'x' })).body.error).toBe('message_not_found');
  });

  it('pins once, then answers already_pinned', async () => {
    const id = await channel('inc-15');
    const { ts } = (await api('chat.postMessage', { channel: id, text: 'summary' })).body;
    expect((await api('pins.add', { channel: id, timestamp: ts })).body.ok).toBe(true);
    expect((await api('pins.add', { channel: id, timestamp: ts })).body.error).toBe('already_pinned');
    expect((await api('pins.add', { channel: id, timestamp: '9.000009' })).body.error).toBe('message_not_found');
    expect([...fake.state.pins.get(id)!]).toEqual([ts]);
  });

  it('posts ephemeral messages only to members', async () => {
    const id = await channel('inc-16');
    expect((await api('chat.postEphemeral', { channel: id, user: 'U1', text: 'psst' })).body.error).toBe('user_not_in_channel');
    await api('conversations.invite', { channel: id, users: 'U1' });
    expect((await api('chat.postEphemeral', { channel: id, user: 'U1', text: 'psst' })).body).toMatchObject({ ok: true, message_ts: expect.any(String) });
    expect(fake.state.ephemeral).toMatchObject([{ channel: id, user: 'U1', text: 'psst' }]);
  });
});

describe('fake Slack: views and users', () => {
  it('opens modals and publishes home tabs', async () => {
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'Declare' }, blocks: [] };
    expect((await api('views.open', { trigger_id: 't-1', view: modal })).body).toMatchObject({ ok: true, view: { id: expect.any(String), type: 'modal' } });
    expect((await api('views.open', { trigger_id: 'expired', view: modal })).body.error).toBe('expired_trigger_id');
    expect((await api('views.publish', { user_id: 'U1', view: { type: 'home', blocks: [] } })).body.ok).toBe(true);
    expect((await api('views.publish', { user_id: 'U1', view: modal })).body.error).toBe('invalid_arguments');
    expect(fake.state.views.map((v) => v.method)).toEqual(['views.open', 'views.publish']);
  });

  it('looks users up by email and id', async () => {
    await start({ users: [{ id: 'U42', name: 'ada', email: 'ada@example.com' }], unknownUsers: 'not-found' });
    expect((await api('users.lookupByEmail', { email: 'ADA@example.com' })).body.user).toMatchObject({ id: 'U42', name: 'ada' });
    expect((await api('users.lookupByEmail', { email: 'nobody@example.com' })).body.error).toBe('users_not_found');
    expect((await api('users.info', { user: 'U42' })).body.user.profile.email).toBe('ada@example.com');
    expect((await api('users.info', { user: 'U404' })).body.error).toBe('user_not_found');
  });
});

describe('fake Slack: injected failures', () => {
  it('fails the next calls of one method in order, then answers normally', async () => {
    fake.failNext('auth.test', { error: 'missing_scope', needed: 'channels:manage' });
    fake.failNext('auth.test', { status: 429, retryAfter: 30 });
    fake.failNext('auth.test', { status: 503 });
    expect((await api('auth.test')).body).toEqual({ ok: false, error: 'missing_scope', needed: 'channels:manage' });
    expect(await api('auth.test')).toMatchObject({ status: 429, retryAfter: '30' });
    expect((await api('auth.test')).status).toBe(503);
    expect((await api('auth.test')).body.ok).toBe(true);
    expect(fake.calls.map((c) => c.status)).toEqual([200, 429, 503, 200]);
  });

  it('rate limits a reproducible fraction of calls with Retry-After', async () => {
    fake.rateLimit(1, 7);
    expect(await api('auth.test')).toMatchObject({ status: 429, retryAfter: '7' });
    fake.rateLimit(0.3, 1);
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await api('auth.test')).status);
    const limited = statuses.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(40);
    expect(limited).toBeLessThan(80);
    fake.rateLimit(0.3, 1);
    const again: number[] = [];
    for (let i = 0; i < 200; i++) again.push((await api('auth.test')).status);
    expect(again).toEqual(statuses);
    fake.rateLimit(0);
    expect((await api('auth.test')).status).toBe(200);
  });
});
