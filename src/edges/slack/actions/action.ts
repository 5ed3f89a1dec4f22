// Edge: what a button handler is, and the two kinds our buttons come in — one incident change, or a
// form opened on an open incident. The button's value is the incident id.
import type { App, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { IncidentView } from '../../../domain/incident.js';
import { actorOf } from '../workspace.js';
import type { Change, Incidents } from '../../../incidents/index.js';
import type { Diagnostics } from '../../../diagnostics/index.js';
import type { Logger } from '../../../observability/observer.js';
import { changeAnswer } from '../answers.js';
import { errorFields, SORRY } from '../reply.js';

export interface ActionDeps {
  incidents: Incidents;
  diagnostics?: Diagnostics;
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
    register: (app, { incidents, log }) =>
      app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
        await ack();
        let text: string;
        try {
          const incident = await incidents.read(action.value ?? '');
          text = incident ? changeAnswer(await incidents.apply(incident, change, actorOf(body))) : GONE;
        } catch (err) {
          log.error(errorFields(err), `button ${actionId} failed`);
          text = SORRY;
        }
        await respond({ response_type: 'ephemeral', replace_original: false, text });
      }),
  };
}

/** A button that opens a form on an open incident: ack first, then views.open (the trigger lasts 3 s). */
export function formButton(actionId: string, form: (view: IncidentView) => ModalView, unavailable: string): ButtonHandler {
  return {
    actionId,
    register: (app, { incidents, log }) =>
      app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, client }) => {
        await ack();
        const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
        try {
          const incident = await incidents.read(action.value ?? '');
          if (!incident) return void (await say(GONE));
          const { view } = incident;
          if (view.status === 'resolved' || view.status === 'closed') return void (await say(`Incident #${view.number} is already ${view.status}.`));
          await client.views.open({ trigger_id: body.trigger_id, view: form(view) });
        } catch (err) {
          log.warn(errorFields(err), `button ${actionId}: could not open the form`);
          await say(unavailable);
        }
      }),
  };
}
