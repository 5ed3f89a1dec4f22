// Tests: the Slack Directory adapter against the fake Slack Web API — guests, Slack Connect users,
// group and channel members (every page), each answer cached at most 60 s in a bounded map.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Directory } from '../../../src/effects/ports.js';
import { createSlackClient } from '../../../src/integrations/slack/client.js';
import { createSlackDirectory } from '../../../src/integrations/slack/directory.js';
import { createLocalDirectory } from '../../../src/integrations/slack/local-directory.js';
import { FAKE_TEAM_ID, startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';

let fake: FakeSlack;
let directory: Directory;
let clock: number;

beforeEach(async () => {
  clock = 1_000_000;
  fake = await startFakeSlack({
    unknownUsers: 'not-found',
    usergroups: { S0SRE: ['U0ADA', 'U0BOB'] },
    users: [
      { id: 'U0ADA', name: 'ada' },
      { id: 'U0GUEST', name: 'guest', guest: 'multi' },
      { id: 'U0SINGLE', name: 'single', guest: 'single' },
      { id: 'U0PARTNER', name: 'partner', team: 'TPARTNER' },
      { id: 'U0STRANGER', name: 'stranger', stranger: true },
      { id: 'U0GONE', name: 'gone', deleted: true },
    ],
  });
  directory = createSlackDirectory(createSlackClient({ token: 'xoxb-test', apiUrl: fake.url, timeoutMs: 2_000 }), { now: () => clock, ttlMs: 10 * 60_000, maxEntries: 3 });
});
afterEach(() => fake.close());

const calls = (method: string) => fake.calls.filter((c) => c.method === method);
async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
  return res.value;
}

describe('person', () => {
  it('reads guests (multi- and single-channel), Slack Connect users (other workspace, stranger) and deactivated accounts', async () => {
    expect(await value(directory.person('U0ADA'))).toEqual({ id: 'U0ADA', team: FAKE_TEAM_ID, guest: false, external: false, deleted: false });
    expect(await value(directory.person('U0GUEST'))).toMatchObject({ guest: true, external: false });
    expect(await value(directory.person('U0SINGLE'))).toMatchObject({ guest: true });
    expect(await value(directory.person('U0PARTNER'))).toMatchObject({ team: 'TPARTNER', external: true });
    expect(await value(directory.person('U0STRANGER'))).toMatchObject({ external: true });
    expect(await value(directory.person('U0GONE'))).toMatchObject({ deleted: true });
    expect(await value(directory.person('U0NOBODY'))).toBeNull();
    // Our own workspace is asked once.
    expect(calls('auth.test')).toHaveLength(1);
  });

  it('keeps an answer at most 60 s, even when asked to keep it longer', async () => {
    await value(directory.person('U0ADA'));
    clock += 59_000;
    await value(directory.person('U0ADA'));
    expect(calls('users.info')).toHaveLength(1);
    clock += 1_000;
    await value(directory.person('U0ADA'));
    expect(calls('users.info')).toHaveLength(2);
  });

  it('keeps a bounded number of answers: the oldest goes first', async () => {
    for (const u of ['U0ADA', 'U0GUEST', 'U0SINGLE', 'U0PARTNER']) await value(directory.person(u));
    await value(directory.person('U0PARTNER'));
    expect(calls('users.info')).toHaveLength(4);
    await value(directory.person('U0ADA'));
    expect(calls('users.info')).toHaveLength(5);
  });

  it('reports a Slack failure as an error, not as an unknown person', async () => {
    fake.failNext('users.info', { status: 500 });
    const res = await directory.person('U0ADA');
    expect(res.ok).toBe(false);
  });

  it('counts users of our Grid org’s other workspaces as ours', async () => {
    fake.state.users.set('U0GRID', { id: 'U0GRID', name: 'grid', team: 'TOTHER', enterprise: 'E0ORG' });
    fake.state.users.set('U0ELSE', { id: 'U0ELSE', name: 'else', team: 'TELSE', enterprise: 'E0ELSE' });
    const grid = createSlackDirectory(createSlackClient({ token: 'xoxb-test', apiUrl: fake.url }), { teamId: FAKE_TEAM_ID, enterpriseId: 'E0ORG' });
    expect(await value(grid.person('U0GRID'))).toMatchObject({ team: 'TOTHER', external: false });
    expect(await value(grid.person('U0ELSE'))).toMatchObject({ external: true });
    expect(calls('auth.test')).toHaveLength(0);
  });
});

describe('groupMembers and channelMembers', () => {
  it('lists a group’s members (cached), and an unknown group as nobody', async () => {
    expect(await value(directory.groupMembers('S0SRE'))).toEqual(['U0ADA', 'U0BOB']);
    expect(await value(directory.groupMembers('S0SRE'))).toEqual(['U0ADA', 'U0BOB']);
    expect(calls('usergroups.users.list')).toHaveLength(1);
    expect(await value(directory.groupMembers('S0NONE'))).toEqual([]);
  });

  it('follows conversations.members through every page', async () => {
    const members = Array.from({ length: 2_345 }, (_, i) => `U${String(i).padStart(5, '0')}`);
    fake.state.channels.set('G0PRIV', { id: 'G0PRIV', name: 'inc-1', is_private: true, is_archived: false, creator: 'U0ADA', created: 0, topic: '' });
    fake.state.members.set('G0PRIV', new Set([fake.state.botUserId, ...members]));
    const got = await value(directory.channelMembers('G0PRIV'));
    expect(got).toHaveLength(2_346);
    expect(got).toContain('U02344');
    expect(calls('conversations.members')).toHaveLength(3);
    await value(directory.channelMembers('G0PRIV'));
    expect(calls('conversations.members')).toHaveLength(3);
  });
});

describe('local mode', () => {
  it('knows everyone as a member, and the groups and channels it was given', async () => {
    const local = createLocalDirectory({ groups: { S0SRE: ['U0ADA'] }, channels: { C1: ['U0ADA'] }, guests: ['U0G'] });
    expect(await value(local.person('U0ANY'))).toMatchObject({ guest: false, external: false, deleted: false });
    expect(await value(local.person('U0G'))).toMatchObject({ guest: true });
    expect(await value(local.groupMembers('S0SRE'))).toEqual(['U0ADA']);
    expect(await value(local.channelMembers('C1'))).toEqual(['U0ADA']);
    expect(await value(local.channelMembers('C2'))).toEqual([]);
  });
});
