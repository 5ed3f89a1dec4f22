// Slack: the one recap after a chat outage — the incidents declared or changed while Slack was
// unreachable, each with its state now and its channel (pure)
import type { KnownBlock } from '@slack/types';
import type { IncidentView } from '../../../domain/incident.js';
import { SLACK_LIMITS, mrkdwnText, truncate } from '../escape.js';
import { channelLink, formatDuration, incidentRef, severityLabel, statusLabel } from './format.js';

/** Lines listed; the rest are counted ("and 12 more"). */
const MAX_LINES = 30;

export function outageRecapMessage(recap: { vendor: string; from: string; to: string; incidents: IncidentView[] }): { text: string; blocks: KnownBlock[] } {
  const downMs = Math.max(0, Date.parse(recap.to) - Date.parse(recap.from));
  const vendor = mrkdwnText(recap.vendor === 'slack' ? 'Slack' : recap.vendor, 40);
  const n = recap.incidents.length;
  const headline =
    n === 0
      ? `📡 ${vendor} was unreachable for ${formatDuration(downMs)}; no incident was declared or changed meanwhile.`
      : `📡 ${vendor} was unreachable for ${formatDuration(downMs)}. ${n === 1 ? 'One incident was' : `${n} incidents were`} declared or changed meanwhile; channels and summaries are now up to date:`;
  const lines = recap.incidents.slice(0, MAX_LINES).map((view) => {
    const channel = channelLink(view.channel);
    return `• *${incidentRef(view, 150)}* · ${severityLabel(view.severity)} · ${statusLabel(view.status)}${channel ? ` · ${channel}` : ''}`;
  });
  if (n > MAX_LINES) lines.push(`…and ${n - MAX_LINES} more`);
  const body = [headline, ...lines].join('\n');
  return {
    text: truncate(headline, SLACK_LIMITS.messageText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(body, SLACK_LIMITS.sectionText) } }],
  };
}
