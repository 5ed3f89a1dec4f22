// Slack: announcements in the announcement channel — declared, severity changed, escalation exhausted, resolved (pure)
import type { KnownBlock } from '@slack/types';
import type { Severity } from '../../../domain/alert.js';
import { SEVERITIES } from '../../../domain/alert.js';
import type { IncidentView } from '../../../domain/incident.js';
import { SLACK_LIMITS, mrkdwnText, truncate } from '../escape.js';
import { channelLink, incidentDuration, incidentRef, severityLabel, statusLabel, userMention } from './format.js';

export type Announcement =
  | { kind: 'declared'; view: IncidentView }
  | { kind: 'severity-changed'; view: IncidentView; from: Severity }
  | { kind: 'resolved'; view: IncidentView }
  | { kind: 'exhausted'; view: IncidentView; policy: string | null };

/** Text (the notification) and blocks for one announcement; every line links the incident channel. */
export function announcementMessage(announcement: Announcement, now: Date): { text: string; blocks: KnownBlock[] } {
  const { view } = announcement;
  const ref = `*${incidentRef(view, 200)}*`;
  const [headline, details] = describe(announcement, ref, now);
  const channel = channelLink(view.channel);
  const join = channel === null ? null : `${announcement.kind === 'resolved' ? 'Details in' : 'Join'} ${channel}`;
  const body = [headline, details, join].filter((line): line is string => line !== null).join('\n');
  return {
    text: truncate(headline, SLACK_LIMITS.messageText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(body, SLACK_LIMITS.sectionText) } }],
  };
}

function describe(announcement: Announcement, ref: string, now: Date): [headline: string, details: string | null] {
  const { view } = announcement;
  switch (announcement.kind) {
    case 'declared': {
      const service = view.service === null ? null : `Service: ${mrkdwnText(view.service, 200)}`;
      const facts = [severityLabel(view.severity), statusLabel(view.status), service, `IC ${userMention(view.roles.commander)}`];
      return [`🔥 Incident declared: ${ref}`, facts.filter((f) => f !== null).join(' · ')];
    }
    case 'severity-changed': {
      const worse = SEVERITIES.indexOf(view.severity) < SEVERITIES.indexOf(announcement.from);
      const verb = worse ? 'raised' : 'lowered';
      return [
        `${worse ? '⚠️' : '🔽'} ${ref}: severity ${verb} from ${severityLabel(announcement.from)} to ${severityLabel(view.severity)}`,
        `Status: ${statusLabel(view.status)}`,
      ];
    }
    case 'resolved':
      return [`✅ Resolved: ${ref}`, `${severityLabel(view.severity)} · lasted ${incidentDuration(view, now)}`];
    case 'exhausted': {
      const policy = announcement.policy === null ? 'the escalation policy' : `\`${mrkdwnText(announcement.policy, 80)}\``;
      return [`🚨 Escalation exhausted: ${ref}`, `Every level of ${policy} was paged and nobody acknowledged · ${severityLabel(view.severity)}`];
    }
  }
}
