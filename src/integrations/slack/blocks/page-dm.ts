// Slack: Block Kit for the DM a paged responder gets — what is on fire, why they are paged, where to
// go, and an Acknowledge button that works from the DM (the button carries the incident id) (pure)
import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { IncidentView } from '../../../domain/incident.js';
import { ACTION_IDS } from '../ids.js';
import { SLACK_LIMITS, mrkdwnText, plainText, truncate } from '../escape.js';
import { channelLink, incidentRef, severityLabel, statusLabel } from './format.js';

export interface PageDm {
  view: IncidentView;
  /** Why this person is paged, already worded: "level 1", "level 2, repeat 1", "paged by hand". */
  where: string;
}

/** Text (the notification: it must say on its own that this is a page) and blocks. */
export function pageDmMessage({ view, where }: PageDm): { text: string; blocks: KnownBlock[] } {
  const ref = incidentRef(view, 300);
  const reason = mrkdwnText(where, 100);
  const headline = `🚨 You are paged (${reason}): *${ref}*`;
  const service = view.service === null ? null : `Service: ${mrkdwnText(view.service, 200)}`;
  const facts = [severityLabel(view.severity), statusLabel(view.status), service].filter((f): f is string => f !== null).join(' · ');
  const channel = channelLink(view.channel);
  const body = [headline, facts, channel === null ? null : `Join ${channel}`].filter((l): l is string => l !== null).join('\n');
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: truncate(body, SLACK_LIMITS.sectionText) } }];
  // Only while nobody has: acknowledging an acknowledged incident from a DM would change nothing.
  if (view.status === 'triggered') blocks.push(acknowledgeButton(view.id));
  return { text: truncate(`🚨 You are paged (${reason}): ${ref} — ${severityLabel(view.severity)}`, SLACK_LIMITS.messageText), blocks };
}

function acknowledgeButton(incidentId: string): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      { type: 'button', text: plainText('Acknowledge', SLACK_LIMITS.buttonText), action_id: ACTION_IDS.acknowledge, value: incidentId, style: 'primary' },
    ],
  };
}
