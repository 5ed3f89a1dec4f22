// Edge: the message shortcut "Add to timeline" — copies a message of an incident channel onto that
// incident's timeline: its text (as plain text; escaped wherever it is shown), its author and its
// permalink (chat.getPermalink). Once per message; the clicker alone is told what happened.
import type { MessageShortcut } from '@slack/bolt';
import { SHORTCUT_IDS } from '../../../integrations/slack/ids.js';
import { errorFields, SORRY } from '../reply.js';
import { unslack } from '../commands/text.js';
import { actorOf } from '../workspace.js';
import type { ShortcutHandler } from './index.js';

export const NOT_AN_INCIDENT_CHANNEL = 'Use *Add to timeline* on a message in an incident channel: this channel is not one.';

export const addToTimelineShortcut: ShortcutHandler = {
  callbackId: SHORTCUT_IDS.addToTimeline,
  type: 'message',
  register: (app, { incidents, reports, log }) =>
    app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_IDS.addToTimeline, type: 'message_action' }, async ({ ack, shortcut, respond, client }) => {
      await ack();
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      try {
        const channel = shortcut.channel.id;
        const found = await incidents.find({ channel });
        if (!found.ok) return void (await say(NOT_AN_INCIDENT_CHANNEL));
        const ts = shortcut.message.ts;
        // Without a permalink the message is still worth keeping: the link is a convenience.
        const permalink = await client.chat.getPermalink({ channel, message_ts: ts }).then(
          (r) => (typeof r.permalink === 'string' ? r.permalink : null),
          (err: unknown) => {
            log.warn(errorFields(err), 'chat.getPermalink failed: adding the message without its link');
            return null;
          },
        );
        const author = typeof shortcut.message.user === 'string' ? shortcut.message.user : null;
        const text = unslack(typeof shortcut.message.text === 'string' ? shortcut.message.text : '').trim() || '(a message without text)';
        const added = await reports.addMessage(found.incident.view.id, { text, author, permalink, channel, ts }, actorOf(shortcut));
        const number = found.incident.view.number;
        if (added === null) return void (await say(NOT_AN_INCIDENT_CHANNEL));
        await say(added.duplicate ? `That message is already on the timeline of incident #${number}.` : `Added to the timeline of incident #${number}.`);
      } catch (err) {
        log.error(errorFields(err), `shortcut ${SHORTCUT_IDS.addToTimeline} failed`);
        await say(SORRY);
      }
    }),
};
