// Edge: what a button handler is, and the two kinds our buttons come in — one incident change, or a
// form opened on an open incident. The button's value is the incident id. Both act through the gate
// (access checks, audit), as the clicker.
import type { App, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Gate } from '../../../access/guarded.js';
import type { IncidentView } from '../../../domain/incident.js';
import { actorOf } from '../workspace.js';
import type { Change, Incidents } from '../../../incidents/index.js';
import type { Approvals } from '../../../approvals/index.js';
import type { Diagnostics } from '../../../diagnostics/index.js';
import type { Reports } from '../../../reports/index.js';
import type { Logger } from '../../../observability/observer.js';
import { accessAnswer, changeAnswer } from '../answers.js';
import { errorFields, SORRY } from '../reply.js';

export interface ActionDeps {
  incidents: Incidents;
  approvals?: Approvals;
  diagnostics?: Diagnostics;
  gate: Gate;
  reports: Reports;
  log: Logger;
}

export interface ButtonHandler {
  actionId: string;
  register(app: App, deps: ActionDeps): void;
}

const GONE = 'That incident no longer exists.';

/** A button that is one change: ack, act, answer the clicker alone. */
export function changeButton(actionId: string, change: Change): ButtonHandler {
  return {
    actionId,
    register: (app, { gate, log }) =>
      app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
        await ack();
        const guarded = gate.as(actorOf(body), { kind: 'button', name: actionId });
        let text: string;
        try {
          const incident = await guarded.read(action.value ?? '');
          text = incident ? changeAnswer(await guarded.apply(incident, change)) : GONE;
          await guarded.recordUnlessRecorded(incident ? 'ok' : 'gone', { incident: action.value ?? null });
        } catch (err) {
          log.error(errorFields(err), `button ${actionId} failed`);
          text = SORRY;
        }
        await respond({ response_type: 'ephemeral', replace_original: false, text });
      }),
  };
}

/**
 * A button that opens a form on an open incident: ack first, then views.open (the trigger lasts 3 s).
 * `action` is the permission the form leads to (`resolve`, `status`): someone who may not use it is
 * told so instead of getting a form they cannot submit.
 */
export function formButton(actionId: string, action: string, form: (view: IncidentView) => ModalView, unavailable: string): ButtonHandler {
  return {
    actionId,
    register: (app, { gate, log }) =>
      app.action<BlockButtonAction>(actionId, async ({ ack, body, action: clicked, respond, client }) => {
        await ack();
        const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
        const guarded = gate.as(actorOf(body), { kind: 'button', name: actionId });
        try {
          const incident = await guarded.read(clicked.value ?? '');
          if (!incident) return void (await say(GONE));
          const { view } = incident;
          if (view.status === 'resolved' || view.status === 'closed') return void (await say(`Incident #${view.number} is already ${view.status}.`));
          const permitted = await guarded.permit(action, incident);
          if (!permitted.ok) return void (await say(accessAnswer(permitted.refusal, view.number)));
          await client.views.open({ trigger_id: body.trigger_id, view: form(view) });
          await guarded.recordUnlessRecorded('form-opened', { incident: view.id });
        } catch (err) {
          log.warn(errorFields(err), `button ${actionId}: could not open the form`);
          await say(unavailable);
        }
      }),
  };
}
