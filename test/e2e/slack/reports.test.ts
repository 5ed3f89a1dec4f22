// E2e (Slack): follow-ups from `/incident followup` onto the pinned summary and done by its button,
// "Add to timeline" on a channel message (text, author, permalink; once), and `/incident timeline`
// showing the latest entries with a link to the console — all through signed HTTP and the fake Slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS, SHORTCUT_IDS } from '../../../src/integrations/slack/ids.js';
import { auditPage } from '../../../src/store/audit.js';
import { sendMessageShortcut } from '../../support/slack-requests.js';
import { answerText, blocksText, channelOf, createChannel, effectsSettled, startSlackE2e, succeeded, summaryMessage, theIncident, timeline, waitFor, type SlackE2e } from './harness.js';

const RESPONDER = 'U0RESPONDER';
const OWNER = 'U0OWNER';
const GENERAL = 'CGENERAL';

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e({ env: { FIREBREAK_PUBLIC_URL: 'https://firebreak.example.com' } });
});
afterEach(() => e.stop());

async function declared() {
  const answer = await e.command('declare sev2 Checkout errors', { user: RESPONDER, channel: GENERAL });
  expect(answerText(answer)).toContain('Declared incident #1');
  const incident = await theIncident(e.app);
  const channel = await channelOf(e.app, incident.id);
  await waitFor('the summary to be pinned', () => succeeded(e.fake, 'pins.add', channel).length > 0);
  await effectsSettled(e.app, incident.id);
  return { id: incident.id, channel, ts: summaryMessage(e.fake, channel)!.ts };
}

/** The section accessories (buttons beside text) of a message: [action_id, value]. */
function accessories(blocks: unknown): Array<[string, string]> {
  const list = Array.isArray(blocks) ? (blocks as Array<{ accessory?: { action_id?: string; value?: string } }>) : [];
  return list.flatMap((b) => (b.accessory?.action_id ? [[b.accessory.action_id, b.accessory.value ?? ''] as [string, string]] : []));
}

describe('follow-ups, Add to timeline and /incident timeline', () => {
  it('adds a follow-up with owner and due date, lists it on the summary, and marks it done from its button', async () => {
    const { id, channel, ts } = await declared();
    const answer = await e.command(`followup Add a 2 s timeout to payment calls <@${OWNER}|owner> due 2026-12-15`, { user: RESPONDER, channel });
    expect(answerText(answer)).toBe(`Follow-up #1 added to incident #1: Add a 2 s timeout to payment calls · owner <@${OWNER}> · due 2026-12-15`);
    await waitFor('the summary to list the follow-up', () => blocksText(summaryMessage(e.fake, channel)!.blocks).includes('*Follow-ups* · 1 open · 0 done'));
    const shown = blocksText(summaryMessage(e.fake, channel)!.blocks);
    expect(shown).toContain(`#1 Add a 2 s timeout to payment calls · <@${OWNER}> · due 2026-12-15`);
    expect(accessories(summaryMessage(e.fake, channel)!.blocks)).toEqual([[ACTION_IDS.followupDone, '1']]);

    await e.click(ACTION_IDS.followupDone, '1', { user: OWNER, channel, messageTs: ts });
    await waitFor('the done answer', () => e.responses.posts.some((p) => p.body.text === 'Follow-up #1 marked done.'));
    await waitFor('the summary to count it done', () => blocksText(summaryMessage(e.fake, channel)!.blocks).includes('*Follow-ups* · 0 open · 1 done'));
    expect(accessories(summaryMessage(e.fake, channel)!.blocks)).toEqual([]);
    // A second click changes nothing and says so.
    await e.click(ACTION_IDS.followupDone, '1', { user: OWNER, channel, messageTs: ts });
    await waitFor('the already-done answer', () => e.responses.posts.some((p) => p.body.text === 'Follow-up #1 was already done.'));

    const entries = (await timeline(e.app, id)).filter((t) => t.kind.startsWith('followup.')).map((t) => [t.kind, t.actor]);
    expect(entries).toEqual([['followup.added', RESPONDER], ['followup.done', OWNER]]);
    const audit = (await auditPage(e.app.store, { subject: id })).filter((a) => a.action.startsWith('followup.'));
    expect(audit.map((a) => [a.action, a.actor, a.team, a.via, a.outcome])).toEqual([
      ['followup.add', RESPONDER, 'TFAKE0001', 'slack', 'ok'],
      ['followup.done', OWNER, 'TFAKE0001', 'slack', 'ok'],
      ['followup.done', OWNER, 'TFAKE0001', 'slack', 'refused:already-done'],
    ]);
  });

  it('refuses a follow-up with a date that is not one, naming the format', async () => {
    const { channel } = await declared();
    const answer = await e.command('followup Fix it due 2026-02-30', { user: RESPONDER, channel });
    expect(answerText(answer)).toContain('The due date must be a date written YYYY-MM-DD');
  });

  it('copies a message onto the timeline once, with its author and permalink, and shows it in /incident timeline', async () => {
    const { id, channel } = await declared();
    const ts = '1765000000.000100';
    e.fake.state.messages.push({ channel, ts, text: 'DB failover finished &lt;ok&gt; <!channel>', user: OWNER });
    const shortcut = (where: string, messageTs = ts) =>
      sendMessageShortcut(e.app.url, {
        callbackId: SHORTCUT_IDS.addToTimeline, user: RESPONDER, channel: where,
        message: { ts: messageTs, text: 'DB failover finished &lt;ok&gt; <!channel>', user: OWNER }, response_url: e.responses.url('shortcut'),
      });

    expect((await shortcut(channel)).status).toBe(200);
    await waitFor('the added answer', () => e.responses.posts.some((p) => p.body.text === 'Added to the timeline of incident #1.'));
    const [entry] = (await timeline(e.app, id)).filter((t) => t.kind === 'timeline.message');
    expect(entry).toMatchObject({
      actor: RESPONDER,
      data: { text: 'DB failover finished <ok> @channel', author: OWNER, channel, ts, permalink: `https://fake-firebreak.slack.com/archives/${channel}/p1765000000000100` },
    });

    await shortcut(channel);
    await waitFor('the duplicate answer', () => e.responses.posts.some((p) => p.body.text === 'That message is already on the timeline of incident #1.'));
    expect((await timeline(e.app, id)).filter((t) => t.kind === 'timeline.message')).toHaveLength(1);

    createChannel(e.fake, { id: 'CRANDOM', name: 'random', creator: RESPONDER });
    await shortcut('CRANDOM');
    await waitFor('the not-an-incident-channel answer', () => e.responses.posts.some((p) => String(p.body.text).includes('this channel is not one')));

    const answer = answerText(await e.command('timeline', { user: RESPONDER, channel }));
    expect(answer.split('\n')[0]).toBe('*Timeline of #1 Checkout errors*');
    // Untrusted text escaped: no @channel ping, no markup of its own; our own mentions kept.
    expect(answer).toContain(`Message from <@${OWNER}>: DB failover finished &lt;ok&gt; @channel`);
    expect(answer).toContain(`<https://fake-firebreak.slack.com/archives/${channel}/p1765000000000100|link>`);
    expect(answer).toMatch(/<!date\^\d+\^\{time\}\|\d\d:\d\d UTC>/);
    expect(answer.endsWith('<https://firebreak.example.com/incidents/1|Whole timeline and post-mortem in the console>')).toBe(true);
  });
});
