// Edge: what the buttons on an approval card share — ack, hand the click to the approvals API with
// who clicked, answer the clicker alone (the card itself is edited by the workflow's effect).
import type { App, BlockButtonAction } from '@slack/bolt';
import type { ApprovalOutcome } from '../../../domain/approval.js';
import type { Approvals } from '../../../approvals/index.js';
import type { Actor } from '../../../domain/actor.js';
import { clickAnswer } from '../approval-answers.js';
import { actorOf } from '../workspace.js';
import { errorFields, SORRY } from '../reply.js';
import type { ButtonHandler } from './action.js';

export const NOT_HERE = 'Remediation actions are not available on this Firebreak.';

export function approvalButton(
  actionId: string,
  what: 'approve' | 'deny' | 'cancel' | 'settle',
  click: (approvals: Approvals, value: string, actor: Actor) => Promise<ApprovalOutcome>,
): ButtonHandler {
  return {
    actionId,
    register: (app: App, { approvals, log }) =>
      app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
        await ack();
        let text: string;
        try {
          text = approvals ? clickAnswer(await click(approvals, action.value ?? '', actorOf(body)), what) : NOT_HERE;
        } catch (err) {
          log.error(errorFields(err), `button ${actionId} failed`);
          text = SORRY;
        }
        await respond({ response_type: 'ephemeral', replace_original: false, text });
      }),
  };
}
