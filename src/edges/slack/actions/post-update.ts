// Edge: Post update on a status-update nudge: opens the update form.
import { updateModal } from '../../../integrations/slack/blocks/modals.js';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { formButton } from './action.js';

export const postUpdateButton = formButton(ACTION_IDS.postUpdate, 'status', updateModal, 'Could not open the update form. Post with `/incident status <status> <message>` instead.');
