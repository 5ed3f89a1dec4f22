// Edge: Deny on an approval card: opens a form asking why (views.open within the trigger's 3 s).
import type { BlockButtonAction } from '@slack/bolt';
import { approvalTitle, denyModal } from '../../../integrations/slack/blocks/approval.js';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { refusalAnswer } from '../approval-answers.js';
import { errorFields } from '../reply.js';
import { NOT_HERE } from './approval-button.js';
import type { ButtonHandler } from './action.js';

export const denyButton: ButtonHandler = {
  actionId: ACTION_IDS.deny,
  register: (app, { approvals, log }) =>
    app.action<BlockButtonAction>(ACTION_IDS.deny, async ({ ack, body, action, respond, client }) => {
      await ack();
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      try {
        if (!approvals) return void (await say(NOT_HERE));
        const request = await approvals.read(action.value ?? '');
        if (!request) return void (await say(refusalAnswer({ kind: 'no-such-request', ref: action.value ?? '' })));
        if (request.phase !== 'awaiting') return void (await say(refusalAnswer({ kind: 'ended', number: request.number, phase: request.phase })));
        await client.views.open({ trigger_id: body.trigger_id, view: denyModal({ id: request.id, number: request.number, title: approvalTitle(request) }) });
      } catch (err) {
        log.warn(errorFields(err), 'button deny: could not open the form');
        await say('Could not open the deny form. Deny with `/incident deny <request number> <reason>` instead.');
      }
    }),
};
