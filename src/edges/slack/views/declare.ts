// Edge: the declare form's submission — declare, then confirm in the channel it was opened from.
import { parseDeclareMetadata, parseDeclareSubmission, type ViewStateValues } from '../../../integrations/slack/blocks/modals.js';
import { CALLBACK_IDS } from '../../../integrations/slack/ids.js';
import { errorFields } from '../reply.js';
import { actorOf } from '../workspace.js';
import type { FormHandler } from './index.js';

export const declareForm: FormHandler = {
  callbackId: CALLBACK_IDS.declareModal,
  register: (app, { incidents, log }) =>
    app.view(CALLBACK_IDS.declareModal, async ({ ack, body, view, client }) => {
      const submission = parseDeclareSubmission(view.state.values as ViewStateValues);
      if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
      await ack();
      const created = await incidents.declare({ ...submission.value, declaredBy: actorOf(body) });
      const meta = parseDeclareMetadata(view.private_metadata);
      if (meta?.channel) {
        await client.chat
          .postEphemeral({ channel: meta.channel, user: body.user.id, text: `Declared incident #${created.number}. Its channel is on the way.` })
          .catch((err: unknown) => log.warn(errorFields(err), 'could not confirm the declaration'));
      }
    }),
};
