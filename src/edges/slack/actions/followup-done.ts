// Edge: Done beside an open follow-up on the summary — marks it done (timeline, audit, summary
// re-rendered) and tells the clicker alone. The button's value is the follow-up id.
import type { BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import type { FollowupOutcome } from '../../../reports/index.js';
import { errorFields, SORRY } from '../reply.js';
import { actorOf } from '../workspace.js';
import type { ButtonHandler } from './action.js';

export function followupDoneAnswer(id: number, outcome: FollowupOutcome): string {
  if (outcome.ok) return `Follow-up #${id} marked done.`;
  if (outcome.reason === 'already-done') return `Follow-up #${id} was already done.`;
  if (outcome.reason === 'not-found') return `There is no follow-up #${id}.`;
  return SORRY;
}

export const followupDoneButton: ButtonHandler = {
  actionId: ACTION_IDS.followupDone,
  register: (app, { reports, log }) =>
    app.action<BlockButtonAction>(ACTION_IDS.followupDone, async ({ ack, body, action, respond }) => {
      await ack();
      const id = Number(action.value);
      let text: string;
      try {
        text = Number.isSafeInteger(id) && id > 0 ? followupDoneAnswer(id, await reports.followups.markDone(id, actorOf(body))) : SORRY;
      } catch (err) {
        log.error(errorFields(err), `button ${ACTION_IDS.followupDone} failed`);
        text = SORRY;
      }
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    }),
};
