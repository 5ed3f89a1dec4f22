// Edge: the buttons on our messages — the live summary, status-update nudges and post-mortem
// reminders. Same workflow events as the commands; a button on a message that has moved on answers
// ephemerally and changes nothing.
import type { App, BlockButtonAction } from '@slack/bolt';
import { resolveModal, updateModal } from '../../../integrations/slack/blocks/modals.js';
import { loadIncident } from '../../../incidents/view.js';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { applyChange, type Change, type IncidentOps } from '../../../incidents/changes.js';

export function registerSummaryButtons(app: App, ops: IncidentOps): void {
  /** A button that is one change: ack, act, answer the clicker alone. */
  const changeButton = (actionId: string, change: Change) =>
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const incident = await loadIncident(ops.store, ops.runner, action.value ?? '');
      const text = incident ? await applyChange(ops, incident, change, body.user.id) : 'That incident no longer exists.';
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    });

  changeButton(ACTION_IDS.acknowledge, { kind: 'acknowledge' });
  changeButton(ACTION_IDS.escalate, { kind: 'escalate', reason: null });
  changeButton(ACTION_IDS.snoozeReminder, { kind: 'snooze' });
  changeButton(ACTION_IDS.postmortemDone, { kind: 'postmortem', decision: 'done' });
  changeButton(ACTION_IDS.postmortemDismiss, { kind: 'postmortem', decision: 'dismissed' });

  /** A button that opens a modal on an open incident (trigger_id first: it expires in 3 s). */
  const modalButton = (actionId: string, modal: typeof resolveModal | typeof updateModal) =>
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, client }) => {
      const incident = await loadIncident(ops.store, ops.runner, action.value ?? '');
      if (!incident || incident.view.status === 'resolved' || incident.view.status === 'closed') {
        await ack();
        await respond({ response_type: 'ephemeral', replace_original: false, text: incident ? `Incident #${incident.view.number} is already ${incident.view.status}.` : 'That incident no longer exists.' });
        return;
      }
      await client.views.open({ trigger_id: body.trigger_id, view: modal(incident.view) });
      await ack();
    });

  modalButton(ACTION_IDS.resolve, resolveModal);
  modalButton(ACTION_IDS.postUpdate, updateModal);
}
