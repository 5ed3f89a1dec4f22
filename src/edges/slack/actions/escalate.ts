// Edge: the Escalate button on the summary (while nobody has acknowledged): the next level now.
import { ACTION_IDS } from '../../../integrations/slack/ids.js';
import { changeButton } from './action.js';

export const escalateButton = changeButton(ACTION_IDS.escalate, { kind: 'escalate', reason: null });
