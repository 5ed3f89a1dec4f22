// Edge: "Mark done" on a card whose outcome is unknown (a person checked what happened).
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { approvalButton } from './approval-button.js';

export const settleDoneButton = approvalButton(ACTION_IDS.settleDone, 'settle', (approvals, id, actor) => approvals.settle({ id }, actor, 'done'));
