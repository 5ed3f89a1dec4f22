// E2e (Slack): with 30% of Slack calls answered 429 + Retry-After, the outbox still delivers every
// effect exactly once — one channel, one summary, one pin, every announcement — and one incident's
// calls reach Slack in the order they were committed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusRank, type IncidentStatus } from '../../../src/domain/incident.js';
import {
  ANNOUNCE_CHANNEL, DEFAULT_YAML, answerText, blocksText, channelOf, effectsSettled, startSlackE2e, succeeded, summaryMessage, theIncident, waitFor, type SlackE2e,
} from './harness.js';

const RESPONDER = 'U0RESPONDER';
/** Retries honour Retry-After (1 s) one call at a time per incident: generous, but bounded. */
const SETTLE_MS = 90_000;
/** The default attempt budget (8): a 429 is given back by the outbox, not spent (seed 7 once spent them all). */
const YAML = DEFAULT_YAML;

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e({ yaml: YAML });
});
afterEach(() => e.stop());

describe('Slack answering 30% of calls with 429', () => {
  it('delivers every effect exactly once and in commit order per channel', async () => {
    // Effects are what is under test; the permission check's directory reads (users.info, auth.test)
    // wait out a short 429 while the person waits, which would defer the answers this test reads.
    e.fake.rateLimit(0.3, 1, ['users.info', 'auth.test']);

    await e.alert({ key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev2', service: 'db' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id, SETTLE_MS);
    // Changes while the channel's first effects are still being retried.
    for (const [text, reply] of [
      ['ack', 'Acknowledged incident #1.'],
      ['status identified Bad deploy', 'Incident #1 is now identified.'],
      ['sev 1', 'Incident #1 is now sev1.'],
      ['resolve Rolled back', 'Resolved incident #1.'],
    ] as const) {
      expect(answerText(await e.command(text, { user: RESPONDER, channel }))).toBe(reply);
    }

    await waitFor(
      'the summary to show the resolution',
      () => blocksText(summaryMessage(e.fake, channel)?.blocks).includes('*Status*\nResolved'),
      SETTLE_MS,
    );
    const effects = await effectsSettled(e.app, incident.id, SETTLE_MS);
    expect(effects.filter((r) => r.status !== 'done')).toEqual([]);
    // The 429s did bite: some effects were throttled and tried again (without spending attempts).
    expect(e.fake.calls.some((c) => c.status === 429)).toBe(true);
    expect(effects.some((r) => r.throttles > 0)).toBe(true);

    // Exactly once: one channel, one summary message, one pin, one announcement of each kind.
    expect(succeeded(e.fake, 'conversations.create')).toHaveLength(1);
    expect([...e.fake.state.channels.keys()].sort()).toEqual([ANNOUNCE_CHANNEL, channel].sort());
    expect(e.fake.state.messages.filter((m) => m.channel === channel)).toHaveLength(1);
    const summary = summaryMessage(e.fake, channel)!;
    expect(succeeded(e.fake, 'pins.add', channel).map((c) => c.params.timestamp)).toEqual([summary.ts]);
    expect(e.fake.state.pins.get(channel)).toEqual(new Set([summary.ts]));
    expect(e.fake.state.messages.filter((m) => m.channel === ANNOUNCE_CHANNEL).map((m) => m.text)).toEqual([
      '🔥 Incident declared: *#1 Database is down*',
      '⚠️ *#1 Database is down*: severity raised from SEV2 to SEV1',
      '✅ Resolved: *#1 Database is down*',
    ]);

    // The updates landed: the summary and the topic show the final state.
    expect(blocksText(summary.blocks)).toContain('*Severity*\nSEV1');
    expect(blocksText(summary.blocks)).toContain('Rolled back');
    expect(e.fake.state.channels.get(channel)!.topic).toMatch(/^SEV1 · resolved · /);

    // Per channel, in commit order: create, then topic, then the summary, then its pin.
    const landed = e.fake.calls.filter((c) => c.ok);
    const first = (method: string) => landed.findIndex((c) => c.method === method && (method === 'conversations.create' || c.params.channel === channel));
    const order = ['conversations.create', 'conversations.setTopic', 'chat.postMessage', 'pins.add'].map(first);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Each handler renders the incident as it is when it runs, so a late call shows the latest state;
    // what order guarantees is that nothing older lands after something newer.
    const topics = landed.filter((c) => c.method === 'conversations.setTopic').map((c) => String(c.params.topic));
    const edits = landed.filter((c) => c.method === 'chat.update').map((c) => /\*Status\*\n(\w+)/.exec(blocksText(c.params.blocks))?.[1] ?? '');
    expect(isMonotonic(topics.map((t) => statusRank(t.split(' · ')[1] as IncidentStatus)))).toBe(true);
    expect(isMonotonic(topics.map((t) => (t.startsWith('SEV1') ? 1 : 0)))).toBe(true);
    expect(isMonotonic(edits.map((s) => statusRank(s.toLowerCase() as IncidentStatus)))).toBe(true);
    expect(topics.at(-1)).toMatch(/^SEV1 · resolved · /);
    expect(edits.at(-1)).toBe('Resolved');
  }, 180_000);
});

function isMonotonic(ranks: number[]): boolean {
  return ranks.every((r, i) => r >= 0 && (i === 0 || ranks[i - 1]! <= r));
}
