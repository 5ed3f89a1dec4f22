// E2e (Slack): untrusted text from an alert or a command reaches Slack as text — escaped for mrkdwn —
// so it pings nobody and links nowhere, in every message, topic and announcement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ANNOUNCE_CHANNEL, answerText, channelOf, effectsSettled, startSlackE2e, succeeded, summaryMessage, theIncident, waitFor, type SlackE2e,
} from './harness.js';

const EVIL = '<!channel> <https://evil.example|click>';
const ESCAPED = '&lt;!channel&gt; &lt;https://evil.example|click&gt;';

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e();
});
afterEach(() => e.stop());

/** Every parameter of every Slack Web API call Firebreak made, as one string. */
const everythingSent = () => JSON.stringify(e.fake.calls.map((c) => c.params));

function expectNoBroadcastOrLink(sent: string) {
  expect(sent).not.toContain('<!channel>');
  expect(sent).not.toContain('<!here>');
  expect(sent).not.toContain('<https://evil.example');
}

describe('untrusted text', () => {
  it(`an alert titled ${EVIL} is shown as text in the channel, topic, summary and announcement`, async () => {
    const res = await e.alert({
      key: 'evil-1', status: 'firing', severity: 'sev1', service: 'web',
      title: EVIL, description: `${EVIL} <!here> <@U0VICTIM>`,
    });
    expect(res.status).toBe(202);
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await waitFor('the summary to be pinned', () => succeeded(e.fake, 'pins.add', channel).length > 0);
    await waitFor('the announcement', () => succeeded(e.fake, 'chat.postMessage', ANNOUNCE_CHANNEL).length > 0);
    await effectsSettled(e.app, incident.id);

    const sent = everythingSent();
    expectNoBroadcastOrLink(sent);
    expect(sent).not.toContain('<@U0VICTIM>');
    // Not dropped: rendered, escaped, where the title belongs.
    expect(e.fake.state.channels.get(channel)!.topic).toContain(`#1 ${ESCAPED}`);
    expect(succeeded(e.fake, 'chat.postMessage', channel)[0]!.params.text).toContain(ESCAPED);
    expect(JSON.stringify(summaryMessage(e.fake, channel)!.blocks)).toContain(ESCAPED);
    expect(succeeded(e.fake, 'chat.postMessage', ANNOUNCE_CHANNEL)[0]!.params.text).toContain(ESCAPED);
    expect(e.fake.state.channels.get(channel)!.name).toMatch(/^inc-1-[a-z0-9-]+$/);
  });

  it('a title typed into /incident declare is shown as text too, in Slack and in the answer', async () => {
    // Slack sends what the user typed with &, <, > escaped; a picked @channel arrives as <!channel>.
    const answer = await e.command('declare sev2 &lt;!channel&gt; <!channel> &lt;https://evil.example|click&gt;', { user: 'U0DECLARER', channel: 'CGENERAL' });
    expect(answer.status).toBe(200);
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await waitFor('the summary to be pinned', () => succeeded(e.fake, 'pins.add', channel).length > 0);
    await effectsSettled(e.app, incident.id);

    expectNoBroadcastOrLink(everythingSent());
    expectNoBroadcastOrLink(answerText(answer));
    expect(e.fake.state.channels.get(channel)!.topic).toContain('&lt;!channel&gt;');
  });
});
