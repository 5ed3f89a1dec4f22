// Slack: the status-update nudge and the post-mortem reminder, each with its buttons (pure)
import type { KnownBlock } from '@slack/types';
import type { IncidentView } from '../../../domain/incident.js';
import { ACTION_IDS } from '../ids.js';
import { SLACK_LIMITS, plainText, truncate } from '../escape.js';
import { channelLink, formatDuration, incidentRef, link, userMention } from './format.js';

type Message = { text: string; blocks: KnownBlock[] };

const button = (label: string, actionId: string, value: string, style?: 'primary') => ({
  type: 'button' as const,
  text: plainText(label, SLACK_LIMITS.buttonText),
  action_id: actionId,
  value,
  ...(style && { style }),
});

function message(text: string, buttons: Array<ReturnType<typeof button>>): Message {
  const body = truncate(text, SLACK_LIMITS.sectionText);
  return {
    text: truncate(text, SLACK_LIMITS.messageText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }, { type: 'actions', elements: buttons }],
  };
}

/** In the incident channel after `waitedMs` without a status update. */
export function statusReminderMessage(view: Pick<IncidentView, 'id' | 'number' | 'title'>, waitedMs: number, snoozeMs: number): Message {
  const text =
    `:hourglass_flowing_sand: No status update on *${incidentRef(view, 200)}* for ${formatDuration(waitedMs)}. ` +
    'Post one so everyone following knows where things stand.';
  return message(text, [
    button('Post update', ACTION_IDS.postUpdate, view.id, 'primary'),
    button(`Snooze ${formatDuration(snoozeMs)}`, ACTION_IDS.snoozeReminder, view.id),
  ]);
}

/**
 * To the commander (a mention, so it notifies), in the incident channel — or, once that is archived,
 * in the announcement channel, with a link back.
 */
export function postmortemReminderMessage(
  view: Pick<IncidentView, 'id' | 'number' | 'title' | 'channel'>,
  opts: { commander: string | null; count: number; elsewhere: boolean; draftUrl?: string | null },
): Message {
  const who = opts.commander === null ? 'Commander' : userMention(opts.commander);
  const where = opts.elsewhere && channelLink(view.channel) !== null ? ` (${channelLink(view.channel)})` : '';
  const again = opts.count > 1 ? ` (reminder ${opts.count})` : '';
  const text =
    `:memo: ${who}, the post-mortem for *${incidentRef(view, 200)}*${where} is due${again}. ` +
    'Mark it done when it is written, or dismiss it if there will be none.' +
    (opts.draftUrl ? ` Firebreak drafted it from the record: ${link(opts.draftUrl, 'the post-mortem draft', 100)}.` : '');
  return message(text, [
    button('Post-mortem done', ACTION_IDS.postmortemDone, view.id, 'primary'),
    button('Dismiss', ACTION_IDS.postmortemDismiss, view.id),
  ]);
}
