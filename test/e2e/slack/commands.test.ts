// E2e (Slack): `/incident` inside an incident channel — status, sev, role, note, resolve — each
// reaches the pinned summary (edited in place), the topic and the timeline; refusals and bad input
// answer ephemerally and change nothing. Elsewhere, `list` and numbered commands.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEffects } from '../../../src/store/outbox.js';
import {
  ANNOUNCE_CHANNEL, answerText, blocksText, buttonsOf, channelOf, effectsSettled, startSlackE2e, succeeded, summaryMessage, theIncident, timeline,
  waitFor, type SlackE2e,
} from './harness.js';

const DECLARER = 'U0DECLARER';
const RESPONDER = 'U0RESPONDER';
const COMMANDER = 'U0COMMANDER';
const GENERAL = 'CGENERAL';

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e();
});
afterEach(() => e.stop());

async function declareSev2() {
  const answer = await e.command('declare sev2 Checkout errors', { user: DECLARER, channel: GENERAL });
  expect(answerText(answer)).toContain('Declared incident #1');
  const incident = await theIncident(e.app);
  const channel = await channelOf(e.app, incident.id);
  await waitFor('the summary to be pinned', () => succeeded(e.fake, 'pins.add', channel).length > 0);
  await effectsSettled(e.app, incident.id);
  return { id: incident.id, channel, ts: summaryMessage(e.fake, channel)!.ts };
}

describe('/incident in the incident channel', () => {
  it('status, sev, role, note and resolve each show in the summary, the topic and the timeline', async () => {
    const { id, channel, ts } = await declareSev2();
    const inChannel = { user: RESPONDER, channel };

    /** Runs a command, then waits until the summary (one message, edited) and the topic show `expected`. */
    async function step(text: string, reply: string, expected: { summary: string[]; topic?: string }) {
      const answer = await e.command(text, inChannel);
      expect(answer.status).toBe(200);
      expect(answerText(answer)).toBe(reply);
      await waitFor(`the summary to show ${expected.summary.join(', ')} after "${text}"`, () => {
        const shown = blocksText(summaryMessage(e.fake, channel)!.blocks);
        return expected.summary.every((s) => shown.includes(s));
      });
      if (expected.topic) await waitFor(`the topic "${expected.topic}"`, () => e.fake.state.channels.get(channel)!.topic === expected.topic);
      await effectsSettled(e.app, id);
    }

    await step('status identified Root cause is a bad deploy', 'Incident #1 is now identified.', {
      summary: ['*Status*\nIdentified', 'Root cause is a bad deploy', `<@${RESPONDER}>`],
      topic: `SEV2 · identified · IC <@${DECLARER}> · #1 Checkout errors`,
    });
    await step('sev 1', 'Incident #1 is now sev1.', {
      summary: ['*Severity*\nSEV1'],
      topic: `SEV1 · identified · IC <@${DECLARER}> · #1 Checkout errors`,
    });
    // Slack sends a picked user as `<@U…|name>`.
    await step(`role commander <@${COMMANDER}|ann>`, `<@${COMMANDER}> is now commander of incident #1.`, {
      summary: [`*Commander*\n<@${COMMANDER}>`],
      topic: `SEV1 · identified · IC <@${COMMANDER}> · #1 Checkout errors`,
    });
    expect(e.fake.state.members.get(channel)!.has(COMMANDER)).toBe(true);
    // A note lands on the timeline and becomes the summary's latest update (the topic has no room for it).
    await step('note checked the dashboards', "Noted on incident #1's timeline.", { summary: ['checked the dashboards'] });
    await step('resolve Rolled back', 'Resolved incident #1.', {
      summary: ['*Status*\nResolved', 'Rolled back', '(resolved)'],
      topic: `SEV1 · resolved · IC <@${COMMANDER}> · #1 Checkout errors`,
    });

    // One summary message, edited in place every time.
    expect(e.fake.state.messages.filter((m) => m.channel === channel)).toHaveLength(1);
    expect(succeeded(e.fake, 'chat.postMessage', channel)).toHaveLength(1);
    expect(succeeded(e.fake, 'chat.update', channel).length).toBeGreaterThanOrEqual(4);
    expect(succeeded(e.fake, 'chat.update', channel).every((c) => c.params.ts === ts)).toBe(true);
    expect(buttonsOf(summaryMessage(e.fake, channel)!.blocks)).toEqual([]);

    const entries = (await timeline(e.app, id)).filter((t) => t.actor === RESPONDER).map((t) => [t.kind, t.message]);
    expect(entries).toEqual([
      ['incident.status', 'Status: identified — Root cause is a bad deploy'],
      ['incident.severity', 'Severity sev2 → sev1'],
      ['incident.role', `commander: <@${COMMANDER}>`],
      ['incident.note', 'checked the dashboards'],
      ['incident.resolved', 'Resolved: Rolled back'],
    ]);
    // Raised severity and resolution are announced, after the declaration.
    expect(e.fake.state.messages.filter((m) => m.channel === ANNOUNCE_CHANNEL).map((m) => m.text)).toEqual([
      '🔥 Incident declared: *#1 Checkout errors*',
      '⚠️ *#1 Checkout errors*: severity raised from SEV2 to SEV1',
      '✅ Resolved: *#1 Checkout errors*',
    ]);
  });

  it('refuses a backward status with a reason, and changes nothing', async () => {
    const { id, channel } = await declareSev2();
    await e.command('status identified Found it', { user: RESPONDER, channel });
    await waitFor('identified', () => blocksText(summaryMessage(e.fake, channel)!.blocks).includes('*Status*\nIdentified'));
    await effectsSettled(e.app, id);
    const before = { timeline: (await timeline(e.app, id)).length, effects: (await listEffects(e.app.store, id)).length, calls: e.fake.calls.length };

    const answer = await e.command('status investigating', { user: RESPONDER, channel });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    expect(answerText(answer)).toBe(
      'Incident #1 is already identified: statuses only move forward (triggered → acknowledged → investigating → identified → monitoring → resolved).',
    );
    // Nothing was committed, so nothing is on its way to Slack either.
    expect((await timeline(e.app, id)).length).toBe(before.timeline);
    expect((await listEffects(e.app.store, id)).length).toBe(before.effects);
    expect(e.fake.calls.length).toBe(before.calls);
    expect(await e.app.engine.runner.read(id)).toMatchObject({ context: { status: 'identified' } });
  });

  it('answers an unknown subcommand with usage, ephemerally, with HTTP 200', async () => {
    const answer = await e.command('frobnicate the database', { user: RESPONDER, channel: GENERAL });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    expect(answerText(answer)).toContain("I don't know `frobnicate`. Try one of: ");
    expect(answerText(answer)).toContain('/incident help');
    expect(answerText(answer)).not.toMatch(/\n\s+at |Error:/);
  });
});

describe('/incident outside an incident channel', () => {
  it('lists the open incidents in any channel, and names a missing incident number', async () => {
    const { channel } = await declareSev2();

    const list = await e.command('list', { user: RESPONDER, channel: 'CRANDOM' });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ response_type: 'ephemeral' });
    expect(answerText(list)).toBe(`*Open incidents (1)*\n• *#1* SEV2 · triggered · Checkout errors <#${channel}>`);

    const missing = await e.command('ack 999', { user: RESPONDER, channel: 'CRANDOM' });
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({ response_type: 'ephemeral', text: 'There is no incident #999.' });
  });
});
