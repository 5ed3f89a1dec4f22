// Edge: the summary's Diagnostics button — every configured source, results in the incident channel.
// A second click while the answers are fresh is served from the cache (no vendor call).
import type { BlockButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { accessAnswer } from '../answers.js';
import { diagnosticsAnswer } from '../diagnostics-answer.js';
import { errorFields, SORRY } from '../reply.js';
import { actorOf } from '../workspace.js';
import type { ButtonHandler } from './action.js';

export const diagnosticsButton: ButtonHandler = {
  actionId: ACTION_IDS.diagnostics,
  register: (app, { gate, diagnostics, log }) =>
    app.action<BlockButtonAction>(ACTION_IDS.diagnostics, async ({ ack, body, action, respond }) => {
      await ack();
      let text: string;
      try {
        const actor = actorOf(body);
        // Through the access gate as action `diag` (everyone by default; read-only guests refused; a
        // private incident only for its channel's members): refusals are recorded there.
        const guarded = gate.as(actor, { kind: 'button', name: ACTION_IDS.diagnostics });
        const incident = await guarded.read(action.value ?? '');
        const decision = incident ? await guarded.permit('diag', incident) : null;
        if (!incident) text = 'That incident no longer exists.';
        else if (!decision!.ok) text = accessAnswer(decision!.refusal, incident.view.number);
        else if (!diagnostics) text = 'Diagnostics are not available in this deployment.';
        else text = diagnosticsAnswer(await diagnostics.run(incident, undefined, 'button', actor), incident.view.number);
      } catch (err) {
        log.error(errorFields(err), `button ${ACTION_IDS.diagnostics} failed`);
        text = SORRY;
      }
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    }),
};
