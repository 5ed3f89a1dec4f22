// Edge: Cancel on an approval card (the requester withdraws the request).
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { approvalButton } from './approval-button.js';

export const cancelRequestButton = approvalButton(ACTION_IDS.cancelRequest, 'cancel', (approvals, id, actor) => approvals.cancel({ id }, actor));
