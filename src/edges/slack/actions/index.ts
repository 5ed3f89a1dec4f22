// Edge: the buttons on our messages — each one file here, registered by one line below. Same
// incident changes as the commands; a button on a message that has moved on answers ephemerally
// and changes nothing.
import type { App } from '@slack/bolt';
import type { ActionDeps } from './action.js';
import { acknowledgeButton } from './acknowledge.js';
import { escalateButton } from './escalate.js';
import { diagnosticsButton } from './diagnostics.js';
import { followupDoneButton } from './followup-done.js';
import { postUpdateButton } from './post-update.js';
import { postmortemDismissButton, postmortemDoneButton } from './postmortem.js';
import { resolveButton } from './resolve.js';
import { snoozeButton } from './snooze.js';
import { approveButton } from './approve.js';
import { denyButton } from './deny.js';
import { cancelRequestButton } from './cancel-request.js';
import { settleRetryButton } from './settle-retry.js';
import { settleDoneButton } from './settle-done.js';
import { settleFailedButton } from './settle-failed.js';
import { proposeBlockButton } from './propose-block.js';
import type { ButtonHandler } from './action.js';

export const BUTTONS: readonly ButtonHandler[] = [
  acknowledgeButton, escalateButton, snoozeButton, postmortemDoneButton, postmortemDismissButton, resolveButton, postUpdateButton, followupDoneButton,
  approveButton, denyButton, cancelRequestButton, settleRetryButton, settleDoneButton, settleFailedButton, proposeBlockButton, diagnosticsButton,
];

export function registerButtons(app: App, deps: ActionDeps): void {
  for (const button of BUTTONS) button.register(app, deps);
}
