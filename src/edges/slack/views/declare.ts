// Edge: the declare form's submission — declare (as the submitter, through the gate), then confirm in
// the channel it was opened from. A refusal (not allowed, over the limit) shows on the form.
import { parseDeclareMetadata, parseDeclareSubmission, type ViewStateValues } from '../../../integrations/slack/blocks/modals.js';
import { CALLBACK_IDS, DECLARE_FIELDS } from '../../../integrations/slack/ids.js';
import { accessAnswer } from '../answers.js';
import { errorFields } from '../reply.js';
import { actorOf } from '../workspace.js';
import type { FormHandler } from './index.js';

export const declareForm: FormHandler = {
  callbackId: CALLBACK_IDS.declareModal,
  register: (app, { gate, log }) =>
    app.view(CALLBACK_IDS.declareModal, async ({ ack, body, view, client }) => {
      const submission = parseDeclareSubmission(view.state.values as ViewStateValues);
      if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
      const declared = await gate.as(actorOf(body), { kind: 'form', name: CALLBACK_IDS.declareModal }).declare(submission.value);
      if (!declared.ok) return ack({ response_action: 'errors', errors: { [DECLARE_FIELDS.title.blockId]: accessAnswer(declared.refusal) } });
      await ack();
      const meta = parseDeclareMetadata(view.private_metadata);
      if (meta?.channel) {
        await client.chat
          .postEphemeral({ channel: meta.channel, user: body.user.id, text: `Declared incident #${declared.incident.number}. Its channel is on the way.` })
          .catch((err: unknown) => log.warn(errorFields(err), 'could not confirm the declaration'));
      }
    }),
};
