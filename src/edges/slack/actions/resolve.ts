// Edge: Resolve on the summary: opens the resolve form.
import { resolveModal } from '../../../integrations/slack/blocks/modals.js';
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { formButton } from './action.js';

export const resolveButton = formButton(ACTION_IDS.resolve, 'resolve', resolveModal, 'Could not open the resolve form. Resolve with `/incident resolve <summary>` instead.');
