// Edge: the deny form's submission: a reason is required; the denial goes through the approvals API.
import { CALLBACK_IDS, DENY_FIELDS } from '../../../integrations/slack/ids.js';
import { actorOf } from '../workspace.js';
import { clickAnswer } from '../approval-answers.js';
import type { FormHandler } from './index.js';

export const denyForm: FormHandler = {
  callbackId: CALLBACK_IDS.denyModal,
  register: (app, { approvals, log }) =>
    app.view(CALLBACK_IDS.denyModal, async ({ ack, body, view, client }) => {
      const values = view.state.values as Record<string, Record<string, { value?: string | null }>>;
      const reason = values[DENY_FIELDS.reason.blockId]?.[DENY_FIELDS.reason.actionId]?.value?.trim() ?? '';
      if (reason.length < 3) return ack({ response_action: 'errors', errors: { [DENY_FIELDS.reason.blockId]: 'Say why (at least a few words).' } });
      await ack();
      if (!approvals) return;
      const actor = actorOf(body);
      const outcome = await approvals.deny({ id: view.private_metadata }, actor, reason);
      // A modal has no response_url: a refusal (already decided, not an approver) is told by DM.
      if (!outcome.ok) {
        await client.chat.postMessage({ channel: actor.id, text: clickAnswer(outcome, 'deny') }).catch((err: unknown) => log.warn({ err: String(err) }, 'could not tell the denier why nothing changed'));
      }
    }),
};
