// Edge: Approve on an approval card. The value binds the click to the parameters the card showed.
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { approvalButton } from './approval-button.js';

export const approveButton = approvalButton(ACTION_IDS.approve, 'approve', (approvals, value, actor) => {
  const [id = '', paramsHash = ''] = value.split(':');
  return approvals.approve({ id }, actor, { paramsHash });
});
