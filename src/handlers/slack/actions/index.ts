// Edge: the buttons on the live summary. Same workflow events as the commands; a button on a
// summary that has moved on answers ephemerally and changes nothing.
import type { App, BlockButtonAction } from '@slack/bolt';
import { resolveModal } from '../../../integrations/slack/blocks/modals.js';
import { loadIncident } from '../../../effects/incident-view.js';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { applyChange, type IncidentOps } from '../incidents.js';

export function registerSummaryButtons(app: App, ops: IncidentOps): void {
  app.action<BlockButtonAction>(ACTION_IDS.acknowledge, async ({ ack, body, action, respond }) => {
    await ack();
    const incident = await loadIncident(ops.store, ops.runner, action.value ?? '');
    const text = incident ? await applyChange(ops, incident, { kind: 'acknowledge' }, body.user.id) : 'That incident no longer exists.';
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  });

  app.action<BlockButtonAction>(ACTION_IDS.resolve, async ({ ack, body, action, respond, client }) => {
    const incident = await loadIncident(ops.store, ops.runner, action.value ?? '');
    if (!incident || incident.view.status === 'resolved' || incident.view.status === 'closed') {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: incident ? `Incident #${incident.view.number} is already ${incident.view.status}.` : 'That incident no longer exists.' });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: resolveModal(incident.view) });
    await ack();
  });
}
