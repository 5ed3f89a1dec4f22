// Slack: the incident channel's topic — severity, status, commander at a glance (pure)
import type { IncidentView } from '../../../domain/incident.js';
import { SLACK_LIMITS, truncate } from '../escape.js';
import { incidentRef, severityLabel, userMention } from './format.js';

/**
 * `SEV2 · investigating · IC <@U123> · #42 Title`, within the 250 characters conversations.setTopic
 * accepts. The title comes last so that it is what gets shortened.
 */
export function topicText(view: IncidentView): string {
  const commander = userMention(view.roles.commander, 'unassigned');
  const text = `${severityLabel(view.severity)} · ${view.status} · IC ${commander} · ${incidentRef(view, SLACK_LIMITS.topic)}`;
  return truncate(text, SLACK_LIMITS.topic);
}
