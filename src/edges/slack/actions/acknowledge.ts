// Edge: the Acknowledge button (on the summary and on a page DM).
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { changeButton } from './action.js';

export const acknowledgeButton = changeButton(ACTION_IDS.acknowledge, { kind: 'acknowledge' });
