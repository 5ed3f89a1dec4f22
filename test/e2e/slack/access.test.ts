// E2e (Slack): who may do what, through the real edge and the fake Slack — a guest's resolve, a
// non-member acting on a private incident, and a page over the per-user limit are each refused with
// a reason, change nothing, and are recorded in the audit log; a private incident is left out of
// /incident list for those outside its channel.
import { afterEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../../src/store/audit.js';
import { ACTION_IDS } from '../../../src/integrations/slack/ids.js';
import { sendEvent } from '../../support/slack-requests.js';
import {
  answerText, channelOf, effectsSettled, startSlackE2e, succeeded, summaryMessage, theIncident, timeline, waitFor, type SlackE2e,
} from './harness.js';

const DECLARER = 'U0DECLARER';
const GUEST = 'U0GUEST';
const OUTSIDER = 'U0OUTSIDER';
const RESPONDER = 'U0RESPONDER';
const GENERAL = 'CGENERAL';

let e: SlackE2e | undefined;
afterEach(async () => {
  await e?.stop();
  e = undefined;
});

async function declared(env: SlackE2e, title = 'Checkout errors') {
  expect(answerText(await env.command(`declare sev2 ${title}`, { user: DECLARER, channel: GENERAL }))).toContain('Declared incident #1');
  const incident = await theIncident(env.app);
  const channel = await channelOf(env.app, incident.id);
  await waitFor('the summary to be pinned', () => succeeded(env.fake, 'pins.add', channel).length > 0);
  await effectsSettled(env.app, incident.id);
  return { id: incident.id, channel, ts: summaryMessage(env.fake, channel)!.ts };
}

const audit = async (env: SlackE2e, actor: string) => (await auditPage(env.app.store)).filter((r) => r.actor === actor);

describe('access through the Slack edge', () => {
  it("refuses a guest's resolve (command and button) with a reason, changes nothing, and records both", async () => {
    e = await startSlackE2e({ fake: { users: [{ id: GUEST, name: 'guest', guest: 'multi' }] } });
    const { id, channel, ts } = await declared(e);

    const answer = await e.command('resolve All fixed', { user: GUEST, channel });
    expect(answer.status).toBe(200);
    expect(answerText(answer)).toBe('Guests can follow incidents but not change them. Nothing was changed. Ask someone in the incident channel.');
    const click = await e.click(ACTION_IDS.acknowledge, id, { user: GUEST, channel, messageTs: ts });
    expect(click.status).toBe(200);
    const clicked = await waitFor('the answer to the click', () => e!.responses.posts.find((p) => p.path.startsWith('/click')));
    expect(clicked.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Guests can follow incidents') });

    expect((await theIncident(e.app)).status).toBe('triggered');
    expect((await timeline(e.app, id)).map((t) => t.kind)).not.toContain('resolved');
    expect(await audit(e, GUEST)).toEqual([
      expect.objectContaining({ team: 'TFAKE0001', via: 'slack', action: 'incident.resolve', subject: id, outcome: 'refused:guest',
        params: { surface: 'command', name: 'resolve', kind: 'resolve', summary: 'All fixed' } }),
      expect.objectContaining({ action: 'incident.acknowledge', subject: id, outcome: 'refused:guest', params: expect.objectContaining({ surface: 'button' }) }),
    ]);
    // The declaration itself is on the record too, with its outcome.
    expect(await audit(e, DECLARER)).toEqual([expect.objectContaining({ action: 'incident.declare', subject: id, outcome: 'ok' })]);
  });

  it('keeps a private incident to its channel: an outsider is refused and recorded, and does not see it in /incident list or App Home', async () => {
    e = await startSlackE2e({ yaml: 'routing:\n  defaults: { declare: sev2 }\nslack:\n  private_channels: true\n' });
    const { id, channel } = await declared(e, 'Payroll leak');
    expect(e.fake.state.channels.get(channel)!.is_private).toBe(true);

    // Acting on it by number from elsewhere, and making themselves scribe to get in.
    expect(answerText(await e.command('ack #1', { user: OUTSIDER, channel: GENERAL })))
      .toBe('Incident #1 is private: only the people in its channel can see it or act on it. Nothing was changed.');
    expect(answerText(await e.command(`role scribe <@${OUTSIDER}> #1`, { user: OUTSIDER, channel: GENERAL })))
      .toContain('Incident #1 is private');
    expect(succeeded(e.fake, 'conversations.invite', channel).flatMap((c) => String(c.params.users).split(','))).not.toContain(OUTSIDER);

    // Nor read it.
    expect(answerText(await e.command('timeline #1', { user: OUTSIDER, channel: GENERAL }))).toContain('Incident #1 is private');
    expect(answerText(await e.command('timeline #1', { user: DECLARER, channel: GENERAL }))).toContain('Payroll leak');

    const outsiders = answerText(await e.command('list', { user: OUTSIDER, channel: GENERAL }));
    expect(outsiders).toBe('No open incidents. 🌤');
    expect(outsiders).not.toContain('Payroll');
    expect(answerText(await e.command('list', { user: DECLARER, channel: GENERAL }))).toContain('Payroll leak');

    // App Home, as each of them opens it.
    for (const user of [OUTSIDER, DECLARER]) {
      const home = { type: 'event_callback', team_id: 'TFAKE0001', api_app_id: 'AFIREBREAK', event_id: `Ev${user}`, event_time: 1, event: { type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' } };
      expect((await sendEvent(e.app.url, home)).status).toBe(200);
    }
    const published = await waitFor('both home tabs', () => e!.fake.state.views.filter((v) => v.method === 'views.publish').length === 2 && e!.fake.state.views);
    expect(JSON.stringify(published.find((v) => v.user_id === OUTSIDER)!.view)).not.toContain('Payroll');
    expect(JSON.stringify(published.find((v) => v.user_id === DECLARER)!.view)).toContain('Payroll leak');

    expect((await theIncident(e.app)).status).toBe('triggered');
    expect((await audit(e, OUTSIDER)).map((r) => [r.action, r.subject, r.outcome])).toEqual([
      ['incident.ack', id, 'refused:not-member'],
      ['incident.role', id, 'refused:not-member'],
      ['incident.timeline', id, 'refused:not-member'],
      ['slack.command.list', null, 'answered'],
    ]);
  });

  it('refuses a page over the per-user limit with when to try again, and records it', async () => {
    e = await startSlackE2e({ yaml: 'routing:\n  defaults: { declare: sev2 }\naccess:\n  limits:\n    page: { max: 2, per: 1h }\n' });
    const { id, channel } = await declared(e);
    const inChannel = { user: RESPONDER, channel };

    expect(answerText(await e.command('page <@U0ADA>', inChannel))).toBe('Paging <@U0ADA> for incident #1.');
    expect(answerText(await e.command('page <@U0BOB>', inChannel))).toBe('Paging <@U0BOB> for incident #1.');
    const third = answerText(await e.command('page <@U0CAROL>', inChannel));
    expect(third).toMatch(/^You have paged 2 times in the last 1h, the most allowed per person\. Try again in \d+m, or ask someone else\. Nothing was changed\.$/);
    // Someone else still may.
    expect(answerText(await e.command('page <@U0CAROL>', { user: DECLARER, channel }))).toBe('Paging <@U0CAROL> for incident #1.');

    await effectsSettled(e.app, id);
    const paged = (await timeline(e.app, id)).filter((t) => t.kind === 'escalation.paged').map((t) => JSON.stringify(t.data));
    expect(paged.some((p) => p.includes('U0CAROL'))).toBe(true);
    expect((await audit(e, RESPONDER)).map((r) => [r.action, r.outcome])).toEqual([
      ['incident.page', 'ok'],
      ['incident.page', 'ok'],
      ['incident.page', 'refused:rate-limited'],
    ]);
  });
});
