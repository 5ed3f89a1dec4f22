// E2e (reminders): a quiet incident channel is nudged with "Post update" and "Snooze" (the update
// form sends a status; snooze silences the nudges); after resolve the commander is reminded of the
// post-mortem in the channel and by DM, through close, until it is dismissed. Durations are a
// second or two in the YAML so nobody waits real minutes.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS, CALLBACK_IDS, UPDATE_FIELDS } from '../../../src/integrations/slack/ids.js';
import { SLACK_SIGNING_SECRET, signedSlackHeaders } from '../../support/slack-requests.js';
import {
  ANNOUNCE_CHANNEL, answerText, buttonsOf, channelOf, effectsSettled, startSlackE2e, theIncident, timeline, waitFor, type SlackE2e,
} from './harness.js';

const USER = 'U0RESPONDER';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let e: SlackE2e;
afterEach(() => e.stop());

const start = (reminders: string) =>
  startSlackE2e({ yaml: `routing:\n  defaults: { declare: sev2 }\nslack:\n  announce_channel: ${ANNOUNCE_CHANNEL}\nreminders:\n${reminders}` });

const botMessages = (channel: string, includes: string) =>
  e.fake.state.messages.filter((m) => m.channel === channel && m.user === e.fake.state.botUserId && String(m.text).includes(includes));

/** A modal submitted as Slack sends it: a view_submission payload in the form field `payload`. */
async function submitView(view: { callback_id: string; private_metadata: string }, values: Record<string, unknown>, user: string) {
  const payload = {
    type: 'view_submission',
    team: { id: 'TFAKE0001', domain: 'fake-firebreak' },
    user: { id: user, username: user.toLowerCase(), team_id: 'TFAKE0001' },
    api_app_id: 'AFIREBREAK',
    token: 'deprecated-verification-token',
    trigger_id: 'trigger-submit',
    view: { id: 'V0MODAL', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values }, hash: 'h' },
    response_urls: [],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(`${e.app.url}/slack/events`, { method: 'POST', body, headers: signedSlackHeaders(body, 'application/x-www-form-urlencoded', { secret: SLACK_SIGNING_SECRET }) });
  return { status: res.status, text: await res.text() };
}

describe('status-update reminders', () => {
  it('nudges a quiet channel, opens the update form from the nudge, and goes quiet when snoozed', async () => {
    e = await start('  status_update: { sev2: 1s }\n  snooze: 1h\n  postmortem: { enabled: false }\n');
    await e.command('declare sev2 Queue backlog', { user: USER, channel: 'CGENERAL' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);

    const nudge = await waitFor('a status-update nudge', () => botMessages(channel, 'No status update on')[0], 20_000);
    expect(nudge.text).toContain('No status update on *#1 Queue backlog*');
    expect(buttonsOf(nudge.blocks)).toEqual([ACTION_IDS.postUpdate, ACTION_IDS.snoozeReminder]);

    // "Post update" opens the form; submitting it moves the status and becomes the last update.
    await e.click(ACTION_IDS.postUpdate, incident.id, { user: USER, channel, messageTs: nudge.ts });
    const opened = await waitFor('the update modal', () => e.fake.state.views.find((v) => v.view.callback_id === CALLBACK_IDS.updateModal));
    const submitted = await submitView(opened.view as { callback_id: string; private_metadata: string }, {
      [UPDATE_FIELDS.status.blockId]: { [UPDATE_FIELDS.status.actionId]: { type: 'static_select', selected_option: { value: 'identified' } } },
      [UPDATE_FIELDS.message.blockId]: { [UPDATE_FIELDS.message.actionId]: { type: 'plain_text_input', value: 'A stuck consumer; restarting it' } },
    }, USER);
    expect(submitted.status).toBe(200);
    await waitFor('the status update', async () => (await timeline(e.app, incident.id)).find((t) => t.kind === 'incident.status'));
    expect((await timeline(e.app, incident.id)).find((t) => t.kind === 'incident.status')).toMatchObject({
      message: 'Status: identified — A stuck consumer; restarting it', actor: USER,
    });

    // Snooze: the next nudge is an hour away.
    const snoozed = await e.click(ACTION_IDS.snoozeReminder, incident.id, { user: USER, channel, messageTs: nudge.ts });
    expect(snoozed.status).toBe(200);
    await waitFor('the snooze answer', () => e.responses.posts.some((r) => JSON.stringify(r.body).includes('Snoozed status-update reminders on incident #1 for 1h')));
    await effectsSettled(e.app, incident.id);
    const before = botMessages(channel, 'No status update on').length;
    await sleep(2_500);
    await effectsSettled(e.app, incident.id);
    expect(botMessages(channel, 'No status update on')).toHaveLength(before);
    expect((await timeline(e.app, incident.id)).filter((t) => t.kind === 'reminder.snoozed')).toHaveLength(1);
  }, 60_000);
});

describe('the post-mortem reminder', () => {
  it('reminds the commander in the channel and by DM after resolve, keeps going after close, and stops when dismissed', async () => {
    e = await start('  status_update: { sev2: off }\n  postmortem: { after: 1s, repeat_every: 2s }\n');
    await e.command('declare sev2 Queue backlog', { user: USER, channel: 'CGENERAL' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await effectsSettled(e.app, incident.id);
    expect(answerText(await e.command('postmortem done', { user: USER, channel }))).toBe(
      'Incident #1 has no post-mortem reminder pending (it starts when the incident is resolved).',
    );

    expect(answerText(await e.command('resolve Drained the queue', { user: USER, channel }))).toBe('Resolved incident #1.');
    const first = await waitFor('the post-mortem reminder', () => botMessages(channel, 'the post-mortem for')[0], 20_000);
    expect(first.text).toContain(`<@${USER}>, the post-mortem for *#1 Queue backlog* is due.`);
    expect(buttonsOf(first.blocks)).toEqual([ACTION_IDS.postmortemDone, ACTION_IDS.postmortemDismiss]);
    await waitFor('the DM to the commander', () => e.fake.directMessages(USER).some((m) => String(m.text).includes('the post-mortem for')));

    expect(answerText(await e.command('close', { user: USER, channel }))).toBe('Closed incident #1.');
    await waitFor('a reminder after close', () => botMessages(channel, '(reminder 2)').length > 0, 20_000);
    expect((await e.app.engine.runner.read(incident.id))?.status).toBe('active');

    await e.click(ACTION_IDS.postmortemDismiss, incident.id, { user: USER, channel, messageTs: first.ts });
    await waitFor('the workflow to finish', async () => (await e.app.engine.runner.read(incident.id))?.status === 'done');
    await waitFor('the dismiss answer', () => e.responses.posts.some((r) => JSON.stringify(r.body).includes('Dismissed the post-mortem reminder of incident #1.')));
    expect(answerText(await e.command('postmortem done', { user: USER, channel }))).toBe('The post-mortem of incident #1 is already dismissed.');

    await effectsSettled(e.app, incident.id);
    const reminders = botMessages(channel, 'the post-mortem for').length;
    await sleep(2_500);
    expect(botMessages(channel, 'the post-mortem for')).toHaveLength(reminders);
    const kinds = (await timeline(e.app, incident.id)).map((t) => t.kind);
    expect(kinds).toEqual(expect.arrayContaining(['incident.resolved', 'reminder.postmortem', 'incident.closed', 'incident.postmortem']));
  }, 60_000);

  it('goes to the announcement channel once the incident channel is archived', async () => {
    e = await startSlackE2e({
      yaml: `routing:\n  defaults: { declare: sev2 }\nslack:\n  announce_channel: ${ANNOUNCE_CHANNEL}\n  archive_after: 1s\nreminders:\n  postmortem: { after: 3s, repeat_every: off }\n`,
    });
    await e.command('declare sev2 Queue backlog', { user: USER, channel: 'CGENERAL' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await effectsSettled(e.app, incident.id);
    await e.command('resolve Drained the queue', { user: USER, channel });
    expect(answerText(await e.command('close', { user: USER, channel }))).toBe('Closed incident #1.');
    await waitFor('the channel to be archived', () => e.fake.state.channels.get(channel)?.is_archived);

    const reminder = await waitFor('the reminder in the announcement channel', () => botMessages(ANNOUNCE_CHANNEL, 'the post-mortem for')[0], 20_000);
    expect(reminder.text).toContain(`<@${USER}>, the post-mortem for *#1 Queue backlog* (<#${channel}>) is due.`);
    await waitFor('the DM to the commander', () => e.fake.directMessages(USER).some((m) => String(m.text).includes('the post-mortem for')));
    expect(botMessages(channel, 'the post-mortem for')).toEqual([]);
    expect((await e.app.engine.runner.read(incident.id))?.status).toBe('active');
  }, 60_000);
});
