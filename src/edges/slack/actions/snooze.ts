// Edge: Snooze on a status-update nudge.
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { changeButton } from './action.js';

export const snoozeButton = changeButton(ACTION_IDS.snoozeReminder, { kind: 'snooze' });
