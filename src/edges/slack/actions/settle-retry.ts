// Edge: "Retry" on a card whose outcome is unknown (a person checked what happened).
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { approvalButton } from './approval-button.js';

export const settleRetryButton = approvalButton(ACTION_IDS.settleRetry, 'settle', (approvals, id, actor) => approvals.settle({ id }, actor, 'retry'));
