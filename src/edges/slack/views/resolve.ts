// Edge: the resolve form's submission, as the submitter through the gate; a refusal shows on the form.
import { parseResolveMetadata, parseResolveSubmission, type ViewStateValues } from '../../../integrations/slack/blocks/modals.js';
import { CALLBACK_IDS, RESOLVE_FIELDS } from '../../../integrations/slack/ids.js';
import { accessAnswer } from '../answers.js';
import { actorOf } from '../workspace.js';
import type { FormHandler } from './index.js';

export const resolveForm: FormHandler = {
  callbackId: CALLBACK_IDS.resolveModal,
  register: (app, { gate }) =>
    app.view(CALLBACK_IDS.resolveModal, async ({ ack, body, view }) => {
      const submission = parseResolveSubmission(view.state.values as ViewStateValues);
      if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
      const guarded = gate.as(actorOf(body), { kind: 'form', name: CALLBACK_IDS.resolveModal });
      const meta = parseResolveMetadata(view.private_metadata);
      const incident = meta ? await guarded.read(meta.incidentId) : null;
      const permitted = incident ? await guarded.permit('resolve', incident) : null;
      if (permitted && !permitted.ok) {
        return ack({ response_action: 'errors', errors: { [RESOLVE_FIELDS.summary.blockId]: accessAnswer(permitted.refusal, incident!.view.number) } });
      }
      await ack();
      if (!incident) return;
      await guarded.apply(incident, { kind: 'resolve', summary: submission.value.summary });
    }),
};
