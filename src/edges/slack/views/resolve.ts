// Edge: the resolve form's submission.
import { parseResolveMetadata, parseResolveSubmission, type ViewStateValues } from '../../../integrations/slack/blocks/modals.js';
import { CALLBACK_IDS } from '../../../integrations/slack/ids.js';
import { actorOf } from '../workspace.js';
import type { FormHandler } from './index.js';

export const resolveForm: FormHandler = {
  callbackId: CALLBACK_IDS.resolveModal,
  register: (app, { incidents }) =>
    app.view(CALLBACK_IDS.resolveModal, async ({ ack, body, view }) => {
      const submission = parseResolveSubmission(view.state.values as ViewStateValues);
      if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
      await ack();
      const meta = parseResolveMetadata(view.private_metadata);
      const incident = meta ? await incidents.read(meta.incidentId) : null;
      if (!incident) return;
      await incidents.apply(incident, { kind: 'resolve', summary: submission.value.summary }, actorOf(body));
    }),
};
