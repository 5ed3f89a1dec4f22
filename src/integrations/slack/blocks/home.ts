// Slack: the App Home tab — open incidents and the viewer's roles in them (pure)
import type { HomeView, KnownBlock } from '@slack/types';
import { SEVERITIES } from '../../../domain/alert.js';
import { ROLES, type IncidentView, type Role } from '../../../domain/incident.js';
import { SLASH_COMMAND } from '../ids.js';
import { SLACK_LIMITS, truncate } from '../escape.js';
import { channelLink, incidentDuration, incidentRef, isOpen, severityLabel, statusLabel } from './format.js';

export interface HomeInput {
  incidents: IncidentView[];
  /** The Slack user id of whoever opened the tab. */
  viewer: string;
  now: Date;
}

// A Home tab holds at most 100 blocks: header, divider, one section per incident, one "more" line.
const MAX_LISTED = 50;

/** Worst first, then oldest first; resolved and closed incidents are left out. */
export function homeView({ incidents, viewer, now }: HomeInput): HomeView {
  const open = incidents
    .filter((i) => isOpen(i.status))
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || Date.parse(a.declaredAt) - Date.parse(b.declaredAt));
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Open incidents', emoji: true } },
    { type: 'divider' },
  ];
  if (open.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `No open incidents. 🎉\nDeclare one with \`${SLASH_COMMAND} declare\`.` } });
  }
  for (const incident of open.slice(0, MAX_LISTED)) blocks.push(incidentBlock(incident, viewer, now));
  if (open.length > MAX_LISTED) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${open.length - MAX_LISTED} more: \`${SLASH_COMMAND} list\`` }],
    });
  }
  return { type: 'home', blocks };
}

export function viewerRoles(incident: IncidentView, viewer: string): Role[] {
  return ROLES.filter((role) => incident.roles[role] === viewer);
}

function incidentBlock(incident: IncidentView, viewer: string, now: Date): KnownBlock {
  const channel = channelLink(incident.channel);
  const facts = [statusLabel(incident.status), `open ${incidentDuration(incident, now)}`, channel].filter((f) => f !== null);
  const roles = viewerRoles(incident, viewer);
  const lines = [`*${severityLabel(incident.severity)}* · *${incidentRef(incident, 200)}*`, facts.join(' · ')];
  if (roles.length > 0) lines.push(`👤 You: ${roles.join(', ')}`);
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SLACK_LIMITS.sectionText) } };
}
