// Tests: the Slack Chat adapter's paging additions against the fake Slack Web API — DMs opened once
// and posted once per key (even when the answer is lost), users found by email with a cache.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackChatApi } from '../../../src/integrations/slack/chat-api.js';
import { createSlackChat, EFFECT_EVENT_TYPE } from '../../../src/integrations/slack/chat.js';
import { createSlackClient } from '../../../src/integrations/slack/client.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';

const TOKEN = 'xoxb-test';
let fake: FakeSlack;
let chat: SlackChatApi;
let clock: number;

beforeEach(async () => {
  clock = 1_000_000;
  fake = await startFakeSlack({
    usergroups: { S0SRE: ['U0ADA', 'U0BOB'] },
    users: [
      { id: 'U0ADA', name: 'ada', email: 'Ada@Example.com' },
      { id: 'U0GONE', name: 'gone', email: 'gone@example.com', deleted: true },
    ],
  });
  chat = createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url, timeoutMs: 2_000 }), {
    now: () => clock, emailTtlMs: 60_000, emailMissTtlMs: 10_000, groupTtlMs: 30_000,
  });
});
afterEach(() => fake.close());

const calls = (method: string) => fake.calls.filter((c) => c.method === method);

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
  return res.value;
}

describe('directMessage', () => {
  it('opens the DM once and posts there with the idempotency key as metadata and the blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'paged' } }];
    const first = await value(chat.directMessage('U0ADA', { text: 'You are paged', blocks, idempotencyKey: 'page-1:dm:U0ADA' }));
    await value(chat.directMessage('U0ADA', { text: 'Paged again', idempotencyKey: 'page-2:dm:U0ADA' }));
    expect(first.channel).toBe(fake.state.ims.get('U0ADA'));
    expect(calls('conversations.open')).toHaveLength(1);
    expect(calls('conversations.open')[0]!.params).toMatchObject({ users: 'U0ADA' });
    expect(fake.directMessages('U0ADA')).toMatchObject([
      { text: 'You are paged', blocks, metadata: { event_type: EFFECT_EVENT_TYPE, event_payload: { key: 'page-1:dm:U0ADA' } } },
      { text: 'Paged again' },
    ]);
  });

  it('on a retry after a lost answer finds the DM already sent and sends nothing new', async () => {
    const slow = createSlackChat(createSlackClient({ token: TOKEN, apiUrl: fake.url, timeoutMs: 100 }));
    fake.failNext('chat.postMessage', { delayMs: 250 });
    expect(await slow.directMessage('U0ADA', { text: 'You are paged', idempotencyKey: 'k' })).toMatchObject({ ok: false, error: { kind: 'retry' } });
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.directMessages('U0ADA')).toHaveLength(1);
    const retried = await value(slow.directMessage('U0ADA', { text: 'You are paged', idempotencyKey: 'k' }, { retry: true }));
    expect(retried.ts).toBe(fake.directMessages('U0ADA')[0]!.ts);
    expect(fake.directMessages('U0ADA')).toHaveLength(1);
  });

  it('gives up on a deactivated user, naming them; retries a Slack outage', async () => {
    expect(await chat.directMessage('U0GONE', { text: 'x', idempotencyKey: 'k1' })).toEqual({
      ok: false, error: { kind: 'give-up', message: 'slack conversations.open: user_disabled (U0GONE)' },
    });
    fake.failNext('conversations.open', { status: 503 });
    expect(await chat.directMessage('U0ADA', { text: 'x', idempotencyKey: 'k2' })).toMatchObject({ ok: false, error: { kind: 'retry' } });
    expect(fake.directMessages('U0ADA')).toHaveLength(0);
  });
});

describe('lookupUserByEmail', () => {
  it('finds a user whatever the case of the address, and asks Slack once while the answer is fresh', async () => {
    expect(await value(chat.lookupUserByEmail('ada@example.com'))).toBe('U0ADA');
    expect(await value(chat.lookupUserByEmail('ADA@example.com'))).toBe('U0ADA');
    expect(calls('users.lookupByEmail')).toHaveLength(1);
    clock += 60_001;
    expect(await value(chat.lookupUserByEmail('ada@example.com'))).toBe('U0ADA');
    expect(calls('users.lookupByEmail')).toHaveLength(2);
  });

  it('answers null for an address nobody has, and asks again once the shorter miss TTL has passed', async () => {
    expect(await value(chat.lookupUserByEmail('nobody@example.com'))).toBeNull();
    expect(await value(chat.lookupUserByEmail('nobody@example.com'))).toBeNull();
    expect(calls('users.lookupByEmail')).toHaveLength(1);
    fake.state.users.set('U0NEW', { id: 'U0NEW', name: 'new', email: 'nobody@example.com' });
    clock += 10_001;
    expect(await value(chat.lookupUserByEmail('nobody@example.com'))).toBe('U0NEW');
  });

  it('returns failures as values and caches none of them', async () => {
    fake.failNext('users.lookupByEmail', { error: 'missing_scope', needed: 'users:read.email' });
    expect(await chat.lookupUserByEmail('ada@example.com')).toEqual({
      ok: false, error: { kind: 'give-up', message: 'slack users.lookupByEmail: missing_scope (needs scope users:read.email)' },
    });
    fake.failNext('users.lookupByEmail', { status: 429, retryAfter: 7 });
    expect(await chat.lookupUserByEmail('ada@example.com')).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 7000 } });
    expect(await value(chat.lookupUserByEmail('ada@example.com'))).toBe('U0ADA');
  });
});

describe('userGroupMembers', () => {
  it('lists a group, and asks Slack again once the list is older than its TTL (rotations change it)', async () => {
    expect(await value(chat.userGroupMembers('S0SRE'))).toEqual(['U0ADA', 'U0BOB']);
    fake.state.usergroups.set('S0SRE', ['U0BOB']);
    expect(await value(chat.userGroupMembers('S0SRE'))).toEqual(['U0ADA', 'U0BOB']);
    clock += 30_001;
    expect(await value(chat.userGroupMembers('S0SRE'))).toEqual(['U0BOB']);
    expect(calls('usergroups.users.list')).toHaveLength(2);
    expect(calls('usergroups.users.list')[0]!.params).toMatchObject({ usergroup: 'S0SRE' });
  });

  it('gives up on a group Slack does not know, naming it', async () => {
    expect(await chat.userGroupMembers('S0NOPE')).toEqual({ ok: false, error: { kind: 'give-up', message: 'slack usergroups.users.list: no_such_subteam (S0NOPE)' } });
  });
});
