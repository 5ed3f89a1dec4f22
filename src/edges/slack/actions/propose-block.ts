// Edge: "Propose block <ip>" on the summary of an incident whose alerts carry an IP: requests
// block_ip for it, as the clicker (the card follows in the channel; approval as configured).
import type { BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { requestAnswer } from '../approval-answers.js';
import { errorFields, SORRY } from '../reply.js';
import { actorOf } from '../workspace.js';
import { NOT_HERE } from './approval-button.js';
import type { ButtonHandler } from './action.js';

export const proposeBlockButton: ButtonHandler = {
  actionId: ACTION_IDS.proposeBlock,
  register: (app, { incidents, approvals, log }) =>
    app.action<BlockButtonAction>(ACTION_IDS.proposeBlock, async ({ ack, body, action, respond }) => {
      await ack();
      let text: string;
      try {
        const [incidentId = '', ip = ''] = (action.value ?? '').split(' ');
        const incident = await incidents.read(incidentId);
        if (!approvals) text = NOT_HERE;
        else if (!incident) text = 'That incident no longer exists.';
        else {
          text = requestAnswer(await approvals.request({
            incident, kind: 'block_ip', action: 'block_ip', params: { ip }, reason: 'proposed from an alert naming this IP', actor: actorOf(body),
          }));
        }
      } catch (err) {
        log.error(errorFields(err), 'button propose block failed');
        text = SORRY;
      }
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    }),
};
