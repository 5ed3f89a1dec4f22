// Tests: the drill's recording adapters credit each call made during a page to that page's targets
import { describe, expect, it } from 'vitest';
import type { Effect, EffectContext } from '../../../src/effects/effect.js';
import type { SlackChatApi } from '../../../src/integrations/slack/chat-api.js';
import type { VirtualClock } from '../../../src/drill/clock.js';
import { DrillRecorder } from '../../../src/drill/recorder.js';
import { createLocalChat } from '../../../src/integrations/slack/local-chat.js';
import type { SqlTransport } from '../../../src/store/transport.js';

/** Enough of a store for the recorder: no timeline rows, every incident is #7. */
const store = {
  kind: 'embedded',
  query: async (sql: string) => (sql.includes('from incidents') ? [{ number: 7 }] : []),
} as unknown as SqlTransport;

function clockAt(ms: number): VirtualClock {
  return { now: () => new Date(ms), elapsed: () => ms, set: async () => undefined };
}

const ctx: EffectContext = { signal: new AbortController().signal, send: async () => undefined };
const effect = (id: number, type: string, params: Record<string, unknown>): Effect => ({
  id, type, params, workflowId: 'inc_1', idempotencyKey: `inc_1:${id}:0`, attempt: 1, maxAttempts: 8,
});

describe('DrillRecorder', () => {
  it('credits mentions, DMs (also to an email target and a group member), PagerDuty and webhooks to the running page', async () => {
    const recorder = new DrillRecorder(store, clockAt(600_000));
    const inner = createLocalChat({ log: () => undefined });
    const chat = recorder.chat({
      ...inner,
      lookupUserByEmail: async () => ({ ok: true, value: 'U0MAIL' }),
      userGroupMembers: async () => ({ ok: true, value: ['U0MEMBER'] }),
    } as SlackChatApi);
    const pager = recorder.pager();
    const hooks = recorder.webhooks();
    const registry = recorder.registry(8);
    registry.define('page.targets', {
      handler: async () => {
        await chat.post({ channel: 'C1', text: 'Paging <@U0ONE> and <!subteam^S0TEAM>', idempotencyKey: 'k' });
        const id = await chat.lookupUserByEmail('ann@example.com');
        if (id.ok && id.value) await chat.directMessage(id.value, { text: 'page', idempotencyKey: 'k2' });
        await chat.userGroupMembers('S0OPS');
        await chat.directMessage('U0MEMBER', { text: 'page', idempotencyKey: 'k3' });
        await pager.trigger({ dedupKey: 'inc_1', summary: 's', source: 'x', severity: 'sev1' }, 'ROUTINGKEY1');
        await hooks.page('ops', { incident: { id: 'inc_1', number: 7, title: 't', severity: 'sev1', status: 'triggered', service: null }, level: 2, round: 0, reason: 'escalation', channel: null, summary: 's' }, 'k4');
        return { ok: true };
      },
    });
    const targets = ['U0ONE', 'S0TEAM', 'Ann@Example.com', 'S0OPS', 'pagerduty:ROUTINGKEY1', 'webhook:ops', 'U0ASLEEP'];
    await registry.get('page.targets')!.handler(effect(3, 'page.targets', { incidentId: 'inc_1', level: 1, round: 0, targets, reason: 'escalation' }), ctx);

    expect(recorder.pages).toHaveLength(1);
    const page = recorder.pages[0]!;
    expect(page).toMatchObject({ atMs: 600_000, incident: 7, level: 2, round: 0 });
    expect(Object.fromEntries([...page.reached].map(([t, ways]) => [t, [...ways]]))).toEqual({
      U0ONE: ['slack'], S0TEAM: ['slack'], 'Ann@Example.com': ['slack DM'], S0OPS: ['slack DM'],
      'pagerduty:ROUTINGKEY1': ['pagerduty'], 'webhook:ops': ['webhook'],
    });
  });

  it('records chat calls outside a page, including methods it does not know by name', async () => {
    const recorder = new DrillRecorder(store, clockAt(0));
    const chat = recorder.chat({ ...createLocalChat({ log: () => undefined }), someNewMethod: async () => ({ ok: true, value: undefined }) } as SlackChatApi);
    const registry = recorder.registry(8);
    registry.define('slack.post', {
      handler: async () => {
        await chat.ensureChannel({ name: 'inc-7-db', isPrivate: false, incidentId: 'inc_1' });
        await chat.post({ channel: 'local-inc-7-db', text: 'Escalation exhausted', idempotencyKey: 'k' });
        await chat.update({ channel: 'local-inc-7-db', ts: '1.000000', text: 'summary' });
        await (chat as unknown as { someNewMethod(c: string): Promise<unknown> }).someNewMethod('local-inc-7-db');
        return { ok: true };
      },
    });
    await registry.get('slack.post')!.handler(effect(4, 'slack.post', { incidentId: 'inc_1', text: 'x' }), ctx);
    expect(recorder.pages).toEqual([]);
    expect(recorder.entries.map((e) => (e.kind === 'adapter' ? [e.incident, e.text, e.detail] : e.kind))).toEqual([
      [7, 'channel #inc-7-db created', false],
      [7, '#inc-7-db ← Escalation exhausted', false],
      [7, 'update #inc-7-db', true],
      [7, 'someNewMethod #inc-7-db', true],
    ]);
  });
});
