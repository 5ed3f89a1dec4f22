// Edge: Post-mortem done / Dismiss on a post-mortem reminder.
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { changeButton } from './action.js';

export const postmortemDoneButton = changeButton(ACTION_IDS.postmortemDone, { kind: 'postmortem', decision: 'done' });
export const postmortemDismissButton = changeButton(ACTION_IDS.postmortemDismiss, { kind: 'postmortem', decision: 'dismissed' });
