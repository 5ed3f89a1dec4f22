// Tests: local mode's Chat renders every call as one readable line and stays idempotent.
import { describe, expect, it } from 'vitest';
import { createLocalChat, LOCAL_MEMORY } from '../../../../src/integrations/slack/local-chat.js';

function local() {
  const lines: string[] = [];
  return { chat: createLocalChat({ log: (line) => lines.push(line) }), lines };
}

describe('local Chat', () => {
  it('renders the incident flow as text with local channel ids and counter timestamps', async () => {
    const { chat, lines } = local();
    const ch = await chat.ensureChannel({ name: 'inc-42-db-down', isPrivate: false, incidentId: 'inc_42' });
    expect(ch).toEqual({ ok: true, value: { id: 'local-inc-42-db-down', name: 'inc-42-db-down' } });
    const id = 'local-inc-42-db-down';
    await chat.setTopic(id, 'sev1 · triggered · commander @ada');
    await chat.invite(id, ['U1', 'U2', 'U1', '']);
    const posted = await chat.post({ channel: id, text: 'summary: DB down\nsev1', idempotencyKey: 'k1' });
    expect(posted).toEqual({ ok: true, value: { ts: '1.000000' } });
    await chat.update({ channel: id, ts: '1.000000', text: 'summary: DB down (acknowledged)' });
    await chat.pin(id, '1.000000');
    await chat.archive(id);
    expect(lines).toEqual([
      '[slack local] #inc-42-db-down created',
      '[slack local] #inc-42-db-down topic: sev1 · triggered · commander @ada',
      '[slack local] #inc-42-db-down invited U1, U2',
      '[slack local] #inc-42-db-down ← summary: DB down ⏎ sev1',
      '[slack local] #inc-42-db-down ✎ 1.000000: summary: DB down (acknowledged)',
      '[slack local] #inc-42-db-down pinned 1.000000',
      '[slack local] #inc-42-db-down archived',
    ]);
  });

  it('neither re-creates a channel nor re-posts a message on a retry', async () => {
    const { chat, lines } = local();
    const req = { name: 'inc-1', isPrivate: true, incidentId: 'inc_1' };
    await chat.ensureChannel(req);
    await chat.ensureChannel(req);
    const a = await chat.post({ channel: 'local-inc-1', text: 'hello', idempotencyKey: 'k' });
    const b = await chat.post({ channel: 'local-inc-1', text: 'hello', idempotencyKey: 'k' }, { retry: true });
    expect(b).toEqual(a);
    expect(lines).toEqual(['[slack local] #inc-1 created (private)', '[slack local] #inc-1 ← hello']);
  });

  it('renders a DM as one line, once per key, lets an email stand for the person, and lists no group members', async () => {
    const { chat, lines } = local();
    const who = await chat.lookupUserByEmail('ada@example.com');
    expect(who).toEqual({ ok: true, value: 'ada@example.com' });
    expect(await chat.userGroupMembers('S0SRE')).toEqual({ ok: true, value: [] });
    const a = await chat.directMessage('U1', { text: 'You are paged', idempotencyKey: 'p:dm:U1' });
    const b = await chat.directMessage('U1', { text: 'You are paged', idempotencyKey: 'p:dm:U1' }, { retry: true });
    expect(b).toEqual(a);
    expect(lines).toEqual(['[slack local] DM U1 ← You are paged']);
  });

  it('names channels it did not create as given, and cuts long text', async () => {
    const { chat, lines } = local();
    await chat.post({ channel: 'C0INCIDENTS', text: 'x'.repeat(600), idempotencyKey: 'k' });
    expect(lines[0]!.startsWith('[slack local] C0INCIDENTS ← xxx')).toBe(true);
    expect(lines[0]!.endsWith('…')).toBe(true);
  });

  it('remembers at most LOCAL_MEMORY posts: the oldest key is forgotten, the newest still found', async () => {
    const { chat } = local();
    const first = await chat.post({ channel: 'local-inc-1', text: 'first', idempotencyKey: 'k-0' });
    for (let i = 1; i <= LOCAL_MEMORY; i++) await chat.post({ channel: 'local-inc-1', text: 'more', idempotencyKey: `k-${i}` });
    const newest = await chat.post({ channel: 'local-inc-1', text: 'more', idempotencyKey: `k-${LOCAL_MEMORY}` }, { retry: true });
    expect(newest).toEqual({ ok: true, value: { ts: `${LOCAL_MEMORY + 1}.000000` } });
    // k-0 was pushed out: a retry of it now long after posts again, under a new ts.
    const again = await chat.post({ channel: 'local-inc-1', text: 'first', idempotencyKey: 'k-0' }, { retry: true });
    expect(first).toEqual({ ok: true, value: { ts: '1.000000' } });
    expect(again).toEqual({ ok: true, value: { ts: `${LOCAL_MEMORY + 2}.000000` } });
  });
});
