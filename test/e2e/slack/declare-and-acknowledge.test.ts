// E2e (Slack): `/incident declare` opens the same Slack presence as an alert; the Acknowledge button
// on the summary acts once, however often it is clicked, and edits the summary in place.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ANNOUNCE_CHANNEL, answerText, blocksText, buttonsOf, channelOf, effectsSettled, startSlackE2e, succeeded, summaryMessage, theIncident, timeline,
  waitFor, type SlackE2e,
} from './harness.js';

const DECLARER = 'U0DECLARER';
const RESPONDER = 'U0RESPONDER';
const GENERAL = 'CGENERAL';

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e();
});
afterEach(() => e.stop());

/** `/incident declare sev1 Database is down` from #general, then its channel with the summary pinned. */
async function declare() {
  const answer = await e.command('declare sev1 Database is down', { user: DECLARER, channel: GENERAL });
  expect(answer.status).toBe(200);
  expect(answerText(answer)).toBe('Declared incident #1: Database is down. Its channel is on the way.');
  const incident = await theIncident(e.app);
  const channel = await channelOf(e.app, incident.id);
  await waitFor('the summary to be pinned', () => succeeded(e.fake, 'pins.add', channel).length > 0);
  await effectsSettled(e.app, incident.id);
  return { incident, channel, summary: summaryMessage(e.fake, channel)! };
}

/** The summary's Acknowledge button, clicked as Slack would send it. */
function clickAcknowledge(summary: { ts: string; blocks?: unknown[] }, channel: string, user: string) {
  const button = (summary.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
    .find((b) => b.type === 'actions')!
    .elements!.find((el) => el.action_id === 'incident.acknowledge')!;
  return e.click(button.action_id, button.value, { user, channel, messageTs: summary.ts });
}

const acknowledgedEntries = async (id: string) => (await timeline(e.app, id)).filter((t) => t.kind === 'incident.acknowledged');

describe('/incident declare sev1 Database is down', () => {
  it('creates the channel once, invites the declarer, posts and pins the summary, and announces it', async () => {
    const { incident, channel, summary } = await declare();

    expect(succeeded(e.fake, 'conversations.create')).toHaveLength(1);
    expect(e.fake.state.channels.get(channel)).toMatchObject({ name: 'inc-1-database-is-down' });
    // The declarer is the commander unless they name one: invited once, topic names them.
    expect(succeeded(e.fake, 'conversations.invite', channel).map((c) => c.params.users)).toEqual([DECLARER]);
    expect(e.fake.state.members.get(channel)!.has(DECLARER)).toBe(true);
    expect(e.fake.state.channels.get(channel)!.topic).toBe(`SEV1 · triggered · IC <@${DECLARER}> · #1 Database is down`);

    expect(succeeded(e.fake, 'chat.postMessage', channel)).toHaveLength(1);
    expect(succeeded(e.fake, 'pins.add', channel).map((c) => c.params.timestamp)).toEqual([summary.ts]);
    expect(blocksText(summary.blocks)).toContain('_None: declared by hand_');
    expect(blocksText(summary.blocks)).toContain(`*Commander*\n<@${DECLARER}>`);

    const announcements = e.fake.state.messages.filter((m) => m.channel === ANNOUNCE_CHANNEL);
    expect(announcements).toHaveLength(1);
    expect(blocksText(announcements[0]!.blocks)).toContain(`Join <#${channel}>`);
    expect((await timeline(e.app, incident.id)).map((t) => [t.kind, t.actor])).toEqual(
      expect.arrayContaining([['incident.declared', DECLARER], ['slack.channel', 'firebreak']]),
    );
  });

  it('Acknowledge edits the summary in place and puts who acknowledged on the timeline', async () => {
    const { incident, channel, summary } = await declare();
    const posted = succeeded(e.fake, 'chat.postMessage').length;

    const click = await clickAcknowledge(summary, channel, RESPONDER);
    expect(click.status).toBe(200);

    await waitFor('the summary edited to Acknowledged', () =>
      succeeded(e.fake, 'chat.update', channel).find((c) => blocksText(c.params.blocks).includes('*Status*\nAcknowledged')));
    await effectsSettled(e.app, incident.id);
    const updates = succeeded(e.fake, 'chat.update', channel);
    expect(updates.every((c) => c.params.ts === summary.ts)).toBe(true);
    // Edited, never re-posted: no new message anywhere.
    expect(succeeded(e.fake, 'chat.postMessage')).toHaveLength(posted);
    expect(e.fake.state.messages.filter((m) => m.channel === channel)).toHaveLength(1);
    expect(summaryMessage(e.fake, channel)).toMatchObject({ ts: summary.ts, edited: true });
    // The button goes once it no longer makes sense; the topic follows.
    expect(buttonsOf(summaryMessage(e.fake, channel)!.blocks)).toEqual(['incident.resolve']);
    expect(e.fake.state.channels.get(channel)!.topic).toContain('SEV1 · acknowledged');

    expect((await acknowledgedEntries(incident.id)).map((t) => t.actor)).toEqual([RESPONDER]);
    // The clicker hears back ephemerally through the response_url.
    const reply = await waitFor('the ephemeral answer', () => e.responses.posts.find((p) => p.path.startsWith('/click')));
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Acknowledged incident #1.' });
  });

  it('the same Acknowledge clicked twice at once changes the incident once; both clicks get a 200', async () => {
    const { incident, channel, summary } = await declare();

    const [first, second] = await Promise.all([clickAcknowledge(summary, channel, RESPONDER), clickAcknowledge(summary, channel, RESPONDER)]);
    expect([first.status, second.status]).toEqual([200, 200]);

    const replies = await waitFor('both clickers to hear back', () => {
      const posts = e.responses.posts.filter((p) => p.path.startsWith('/click'));
      return posts.length === 2 && posts.map((p) => p.body.text);
    });
    // Whichever click lands second finds the incident acknowledged (or, loaded before the first
    // committed, is told it acknowledged: the workflow still acts only once).
    expect(replies).toContain('Acknowledged incident #1.');
    for (const text of replies) expect(['Acknowledged incident #1.', 'Incident #1 is already acknowledged.']).toContain(text);
    await waitFor('the summary edited to Acknowledged', () =>
      succeeded(e.fake, 'chat.update', channel).find((c) => blocksText(c.params.blocks).includes('*Status*\nAcknowledged')));
    await effectsSettled(e.app, incident.id);
    expect(await acknowledgedEntries(incident.id)).toHaveLength(1);
    const wf = await e.app.engine.runner.read(incident.id);
    expect(wf?.context).toMatchObject({ status: 'acknowledged' });
    expect(e.fake.state.messages.filter((m) => m.channel === channel)).toHaveLength(1);
  });
});
