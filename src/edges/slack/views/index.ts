// Edge: modal submissions. Validation problems go back on the field (response_action: errors);
// a valid submission acts through the same operations as the commands.
import type { App } from '@slack/bolt';
import { statusRank } from '../../../domain/incident.js';
import {
  parseDeclareMetadata, parseDeclareSubmission, parseResolveMetadata, parseResolveSubmission, parseUpdateMetadata, parseUpdateSubmission,
  type ViewStateValues,
} from '../../../integrations/slack/blocks/modals.js';
import { loadIncident } from '../../../incidents/view.js';
import type { Logger } from '../../../observability/observer.js';
import { CALLBACK_IDS, UPDATE_FIELDS } from '../../../integrations/slack/ids.js';
import { applyChange, declareByHand, type IncidentOps } from '../../../incidents/changes.js';

export function registerModals(app: App, ops: IncidentOps, log: Logger): void {
  app.view(CALLBACK_IDS.declareModal, async ({ ack, body, view, client }) => {
    const submission = parseDeclareSubmission(view.state.values as ViewStateValues);
    if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
    await ack();
    const s = submission.value;
    const created = await declareByHand(ops, { ...s, declaredBy: body.user.id });
    const meta = parseDeclareMetadata(view.private_metadata);
    if (meta?.channel) {
      await client.chat
        .postEphemeral({ channel: meta.channel, user: body.user.id, text: `Declared incident #${created.number}. Its channel is on the way.` })
        .catch((err: unknown) => log.warn({ err: String(err) }, 'could not confirm the declaration'));
    }
  });

  app.view(CALLBACK_IDS.resolveModal, async ({ ack, body, view }) => {
    const submission = parseResolveSubmission(view.state.values as ViewStateValues);
    if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
    await ack();
    const meta = parseResolveMetadata(view.private_metadata);
    const incident = meta ? await loadIncident(ops.store, ops.runner, meta.incidentId) : null;
    if (!incident) return;
    await applyChange(ops, incident, { kind: 'resolve', summary: submission.value.summary }, body.user.id);
  });

  // "Post update" on a nudge: a forward status with the message as its update, or just the message as a note.
  app.view(CALLBACK_IDS.updateModal, async ({ ack, body, view }) => {
    const submission = parseUpdateSubmission(view.state.values as ViewStateValues);
    if (!submission.ok) return ack({ response_action: 'errors', errors: submission.errors });
    const meta = parseUpdateMetadata(view.private_metadata);
    const incident = meta ? await loadIncident(ops.store, ops.runner, meta.incidentId) : null;
    const { status, message } = submission.value;
    // The incident may have moved on while the form was open: say so on the field, keep the text.
    if (incident && status !== null && statusRank(status) <= statusRank(incident.view.status)) {
      return ack({ response_action: 'errors', errors: { [UPDATE_FIELDS.status.blockId]: `The incident is already ${incident.view.status}: pick a later status or none.` } });
    }
    await ack();
    if (!incident) return;
    await applyChange(ops, incident, status === null ? { kind: 'note', text: message } : { kind: 'status', status, message }, body.user.id);
  });
}
