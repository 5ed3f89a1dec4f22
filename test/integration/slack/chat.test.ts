// Tests: the Slack Chat adapter (WebClient as configured for the outbox) against the fake Slack Web API:
// idempotent channels, invites, posts found again by metadata, 429 and auth failures as values.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackChatApi } from '../../../src/integrations/slack/chat-api.js';
import { createSlackChat, EFFECT_EVENT_TYPE } from '../../../src/integrations/slack/chat.js';
import { createSlackClient } from '../../../src/integrations/slack/client.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';

const TOKEN = 'xoxb-test';
let fake: FakeSlack;
let chat: SlackChatApi;

beforeEach(async () => {
  fake = await startFakeSlack();
  chat = createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url, timeoutMs: 2_000 }));
});
afterEach(() => fake.close());

const successes = (method: string) => fake.calls.filter((c) => c.method === method && c.ok).length;

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
  return res.value;
}

const req = { name: 'inc-42-db-down', isPrivate: false, incidentId: 'inc_42' };

describe('ensureChannel', () => {
  it('creates the channel once across a retry: the second call finds ours by name', async () => {
    const first = await value(chat.ensureChannel(req));
    // A crash after Slack created the channel: a new process (new adapter) tries again.
    const afterCrash = createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url }));
    const second = await value(afterCrash.ensureChannel(req));
    expect(second).toEqual(first);
    expect(first).toEqual({ id: expect.stringMatching(/^C/), name: 'inc-42-db-down' });
    expect(successes('conversations.create')).toBe(1);
    expect(fake.state.channels.size).toBe(1);
  });

  it('makes one channel for a concurrent double-click', async () => {
    const [a, b] = await Promise.all([chat.ensureChannel(req), chat.ensureChannel(req)]);
    expect(a).toEqual(b);
    expect(fake.state.channels.size).toBe(1);
  });

  it('adds a suffix when someone else has the name, and finds the suffixed one on a retry', async () => {
    fake.state.channels.set('CHUMAN', { id: 'CHUMAN', name: 'inc-42-db-down', is_private: false, is_archived: false, creator: 'UHUMAN', created: 0, topic: '' });
    const first = await value(chat.ensureChannel(req));
    expect(first.name).toBe('inc-42-db-down-2');
    const again = await value(createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url })).ensureChannel(req));
    expect(again).toEqual(first);
    expect(successes('conversations.create')).toBe(1);
  });

  it('keeps a suffixed name within 80 characters', async () => {
    const long = `inc-7-${'x'.repeat(74)}`;
    fake.state.channels.set('CHUMAN', { id: 'CHUMAN', name: long, is_private: false, is_archived: false, creator: 'UHUMAN', created: 0, topic: '' });
    const ch = await value(chat.ensureChannel({ ...req, name: long }));
    expect(ch.name).toHaveLength(80);
    expect(ch.name.endsWith('x-2')).toBe(true);
  });

  it('does not reuse our own archived channel of the same name', async () => {
    const old = await value(chat.ensureChannel(req));
    fake.state.channels.get(old.id)!.is_archived = true;
    const next = await value(createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url })).ensureChannel(req));
    expect(next.name).toBe('inc-42-db-down-2');
  });

  it('gives up when the name and all suffixes belong to others', async () => {
    for (const name of ['inc-42-db-down', ...Array.from({ length: 9 }, (_, i) => `inc-42-db-down-${i + 2}`)]) {
      fake.state.channels.set(`C${name}`, { id: `C${name}`, name, is_private: false, is_archived: false, creator: 'UHUMAN', created: 0, topic: '' });
    }
    const res = await chat.ensureChannel(req);
    expect(res).toMatchObject({ ok: false, error: { kind: 'give-up' } });
    expect(successes('conversations.create')).toBe(0);
  });
});

describe('setTopic, invite, pin, archive', () => {
  it('truncates a topic to 250 characters', async () => {
    const { id } = await value(chat.ensureChannel(req));
    await value(chat.setTopic(id, 'y'.repeat(300)));
    expect(fake.state.channels.get(id)!.topic).toHaveLength(250);
  });

  it('invites in batches of at most 1000, deduplicated, skipping an empty list', async () => {
    const { id } = await value(chat.ensureChannel(req));
    await value(chat.invite(id, []));
    expect(fake.calls.filter((c) => c.method === 'conversations.invite')).toHaveLength(0);
    const users = Array.from({ length: 2300 }, (_, i) => `U${i}`);
    await value(chat.invite(id, [...users, 'U1', 'U2']));
    const sizes = fake.calls.filter((c) => c.method === 'conversations.invite').map((c) => String(c.params.users).split(',').length);
    expect(sizes).toEqual([1000, 1000, 300]);
    expect(fake.state.members.get(id)!.size).toBe(2301);
  });

  it('treats already_in_channel as success, and still invites the users Slack did not name', async () => {
    const { id } = await value(chat.ensureChannel(req));
    await value(chat.invite(id, ['U1']));
    await value(chat.invite(id, ['U1']));
    // A mixed list is one call: `force` lets Slack add U3 despite U1.
    const invites = () => fake.calls.filter((c) => c.method === 'conversations.invite').length;
    const before = invites();
    await value(chat.invite(id, ['U1', 'U3']));
    expect(invites() - before).toBe(1);
    expect(fake.state.members.get(id)!.has('U3')).toBe(true);
    // Slack failing the whole call over U1 while U2 is new: U2 is invited on its own.
    fake.failNext('conversations.invite', { error: 'already_in_channel', errors: [{ user: 'U1', ok: false, error: 'already_in_channel' }] });
    await value(chat.invite(id, ['U1', 'U2']));
    expect(fake.state.members.get(id)!.has('U2')).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'conversations.invite').at(-1)!.params.users).toBe('U2');
  });

  it('treats inviting ourselves as success', async () => {
    const { id } = await value(chat.ensureChannel(req));
    await value(chat.invite(id, [fake.state.botUserId]));
  });

  it('gives up naming the user Slack does not know', async () => {
    const { id } = await value(chat.ensureChannel(req));
    fake.failNext('conversations.invite', {
      error: 'already_in_channel',
      errors: [
        { user: 'U1', ok: false, error: 'already_in_channel' },
        { user: 'UGONE', ok: false, error: 'user_not_found' },
      ],
    });
    expect(await chat.invite(id, ['U1', 'UGONE'])).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'slack conversations.invite: user_not_found (UGONE)' },
    });
  });

  it('pins once: already_pinned is success', async () => {
    const { id } = await value(chat.ensureChannel(req));
    const { ts } = await value(chat.post({ channel: id, text: 'summary', idempotencyKey: 'k-pin' }));
    await value(chat.pin(id, ts));
    expect(await chat.pin(id, ts)).toEqual({ ok: true, value: undefined });
    expect([...fake.state.pins.get(id)!]).toEqual([ts]);
  });

  it('archives once: already_archived is success', async () => {
    const { id } = await value(chat.ensureChannel(req));
    await value(chat.archive(id));
    expect(await chat.archive(id)).toEqual({ ok: true, value: undefined });
  });
});

describe('post and update', () => {
  it('carries the idempotency key as message metadata, blocks as JSON', async () => {
    const { id } = await value(chat.ensureChannel(req));
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*sev1* db down' } }];
    await value(chat.post({ channel: id, text: 'sev1 db down', blocks, idempotencyKey: 'eff-1' }));
    expect(fake.state.messages).toMatchObject([{ text: 'sev1 db down', blocks, metadata: { event_type: EFFECT_EVENT_TYPE, event_payload: { key: 'eff-1' } } }]);
  });

  it('on a retry finds the message posted before the answer was lost, and posts nothing new', async () => {
    const { id } = await value(chat.ensureChannel(req));
    const first = await value(chat.post({ channel: id, text: 'summary', idempotencyKey: 'eff-2' }));
    await value(chat.post({ channel: id, text: 'other', idempotencyKey: 'eff-3' }));
    const retried = await value(chat.post({ channel: id, text: 'summary', idempotencyKey: 'eff-2' }, { retry: true }));
    expect(retried).toEqual(first);
    expect(fake.state.messages).toHaveLength(2);
    expect(fake.calls.find((c) => c.method === 'conversations.history')!.params).toMatchObject({ include_all_metadata: 'true' });
  });

  it('after a timeout that Slack completed anyway, the retry returns that message', async () => {
    const slow = createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url, timeoutMs: 100 }));
    const { id } = await value(slow.ensureChannel(req));
    fake.failNext('chat.postMessage', { delayMs: 250 });
    expect(await slow.post({ channel: id, text: 'summary', idempotencyKey: 'eff-9' })).toMatchObject({ ok: false, error: { kind: 'retry' } });
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.state.messages).toHaveLength(1);
    const retried = await value(slow.post({ channel: id, text: 'summary', idempotencyKey: 'eff-9' }, { retry: true }));
    expect(retried.ts).toBe(fake.state.messages[0]!.ts);
    expect(fake.state.messages).toHaveLength(1);
  });

  it('on a retry with nothing posted yet, posts', async () => {
    const { id } = await value(chat.ensureChannel(req));
    await value(chat.post({ channel: id, text: 'summary', idempotencyKey: 'eff-4' }, { retry: true }));
    expect(fake.state.messages).toHaveLength(1);
  });

  it('joins a public channel it posted to without membership before reading it', async () => {
    const { id } = await value(chat.ensureChannel({ ...req, name: 'incidents' }));
    fake.state.members.get(id)!.clear();
    await value(chat.post({ channel: id, text: 'announce', idempotencyKey: 'eff-5' }, { retry: true }));
    expect(fake.calls.map((c) => c.method).slice(-4)).toEqual(['conversations.history', 'conversations.join', 'conversations.history', 'chat.postMessage']);
    expect(fake.state.messages).toHaveLength(1);
  });

  it('joins a public channel it is not in (the announcement channel) and posts there on the first attempt', async () => {
    fake.state.channels.set('CANNOUNCE', { id: 'CANNOUNCE', name: 'incidents', is_private: false, is_archived: false, creator: 'UADMIN', created: 1, topic: '' });
    const { ts } = await value(chat.post({ channel: 'CANNOUNCE', text: 'declared', idempotencyKey: 'eff-a' }));
    expect(fake.calls.map((c) => [c.method, c.ok])).toEqual([['chat.postMessage', false], ['conversations.join', true], ['chat.postMessage', true]]);
    expect(fake.state.messages).toMatchObject([{ channel: 'CANNOUNCE', ts, text: 'declared' }]);
  });

  it('gives up on a private channel it was not invited to (Slack says channel_not_found), saying to invite the bot', async () => {
    fake.state.channels.set('GSECRET', { id: 'GSECRET', name: 'sec-incidents', is_private: true, is_archived: false, creator: 'UADMIN', created: 1, topic: '' });
    fake.state.members.set('GSECRET', new Set(['UADMIN']));
    const res = await chat.post({ channel: 'GSECRET', text: 'declared', idempotencyKey: 'eff-b' });
    expect(res).toMatchObject({ ok: false, error: { kind: 'give-up' } });
    expect(!res.ok && res.error.message).toMatch(/private one the Firebreak bot was not invited to/);
    expect(fake.state.messages).toEqual([]);
  });

  it('updates the message in place', async () => {
    const { id } = await value(chat.ensureChannel(req));
    const { ts } = await value(chat.post({ channel: id, text: 'v1', idempotencyKey: 'eff-6' }));
    await value(chat.update({ channel: id, ts, text: 'v2', blocks: [{ type: 'divider' }] }));
    expect(fake.state.messages).toMatchObject([{ ts, text: 'v2', blocks: [{ type: 'divider' }], metadata: { event_payload: { key: 'eff-6' } } }]);
  });
});

describe('failures as values', () => {
  it('a 429 with Retry-After: 30 → retry after 30 s, without WebClient waiting', async () => {
    const { id } = await value(chat.ensureChannel(req));
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const started = Date.now();
    const res = await chat.post({ channel: id, text: 'x', idempotencyKey: 'eff-7' });
    expect(res).toEqual({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 30_000, message: expect.stringContaining('rate limited') } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('invalid_auth → give-up, and the message never shows the token', async () => {
    const bad = createSlackChat(createSlackClient({ token: 'xoxb-revoked-0000', apiUrl: fake.url }));
    fake.failNext('conversations.create', 'invalid_auth');
    const res = await bad.ensureChannel(req);
    expect(res).toEqual({ ok: false, error: { kind: 'give-up', message: 'slack conversations.create: invalid_auth' } });
    expect(JSON.stringify(res)).not.toContain('xoxb');
  });

  it('channel_not_found right after creating the channel → a short retry; otherwise give-up', async () => {
    const { id } = await value(chat.ensureChannel(req));
    fake.failNext('conversations.setTopic', 'channel_not_found');
    expect(await chat.setTopic(id, 'sev1')).toMatchObject({ ok: false, error: { kind: 'retry', retryAfterMs: 1_500 } });
    expect(await chat.setTopic('CUNKNOWN', 'sev1')).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringMatching(/^slack conversations.setTopic: channel_not_found \(/) } });
  });

  it('missing_scope → give-up naming the scope', async () => {
    fake.failNext('conversations.create', { error: 'missing_scope', needed: 'channels:manage', provided: 'chat:write' });
    expect(await chat.ensureChannel(req)).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'slack conversations.create: missing_scope (needs scope channels:manage)' },
    });
  });

  it('a Slack outage (HTTP 503) and a timeout → retry', async () => {
    fake.failNext('conversations.create', { status: 503 });
    expect(await chat.ensureChannel(req)).toMatchObject({ ok: false, error: { kind: 'retry' } });
    const slow = createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url, timeoutMs: 100 }));
    fake.failNext('conversations.create', { delayMs: 500 });
    expect(await slow.ensureChannel(req)).toEqual({ ok: false, error: { kind: 'retry', message: 'slack conversations.create: request failed: timed out' } });
  });

  it('delivers everything exactly once when 30% of calls are rate limited and retried', async () => {
    fake.rateLimit(0.3, 1);
    const until = async <T>(step: () => Promise<{ ok: true; value: T } | { ok: false; error: { kind: string } }>): Promise<T> => {
      for (let attempt = 1; attempt <= 50; attempt++) {
        const res = await step();
        if (res.ok) return res.value;
        expect(res.error.kind).toBe('rate-limited');
      }
      throw new Error('never delivered');
    };
    const { id } = await until(() => chat.ensureChannel(req));
    await until(() => chat.setTopic(id, 'sev1'));
    await until(() => chat.invite(id, ['U1', 'U2']));
    let attempt = 0;
    const { ts } = await until(() => chat.post({ channel: id, text: 'summary', idempotencyKey: 'eff-8' }, { retry: attempt++ > 0 }));
    await until(() => chat.pin(id, ts));
    expect(fake.state.channels.size).toBe(1);
    expect(fake.state.messages).toHaveLength(1);
    expect(fake.state.pins.get(id)!.size).toBe(1);
    expect(fake.calls.some((c) => c.status === 429)).toBe(true);
  });
});
