// Edge: "Post update" on a nudge — a forward status with the message as its update, or just the
// message as a note — as the submitter, through the gate; a refusal shows on the form.
import { statusRank } from '../../../domain/incident.js';
import { parseUpdateMetadata, parseUpdateSubmission, type ViewStateValues } from '../../../integrations/slack/blocks/modals.js';
import { CALLBACK_IDS, UPDATE_FIELDS } from '../../../integrations/slack/ids.js';
import { accessAnswer } from '../answers.js';
import { actorOf } from '../workspace.js';
import type { FormHandler } from './index.js';

export const updateForm: FormHandler = {
  callbackId: CALLBACK_IDS.updateModal,
  register: (app, { gate }) =>
    app.view(CALLBACK_IDS.updateModal, async ({ ack, body, view }) => {
      const submission = parseUpdateSubmission(view.state.values as ViewStateValues);
      if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
      const guarded = gate.as(actorOf(body), { kind: 'form', name: CALLBACK_IDS.updateModal });
      const meta = parseUpdateMetadata(view.private_metadata);
      const incident = meta ? await guarded.read(meta.incidentId) : null;
      const { status, message } = submission.value;
      const permitted = incident ? await guarded.permit(status === null ? 'note' : 'status', incident) : null;
      if (permitted && !permitted.ok) {
        return ack({ response_action: 'errors', errors: { [UPDATE_FIELDS.message.blockId]: accessAnswer(permitted.refusal, incident!.view.number) } });
      }
      // The incident may have moved on while the form was open: say so on the field, keep the text.
      if (incident && status !== null && statusRank(status) <= statusRank(incident.view.status)) {
        return ack({ response_action: 'errors', errors: { [UPDATE_FIELDS.status.blockId]: `The incident is already ${incident.view.status}: pick a later status or none.` } });
      }
      await ack();
      if (!incident) return;
      await guarded.apply(incident, status === null ? { kind: 'note', text: message } : { kind: 'status', status, message });
    }),
};
