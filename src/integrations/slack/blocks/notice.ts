// Slack: notices in the incident channel — things responders must be told (pure)
import type { IncidentNotice, IncidentView } from '../../../domain/incident.js';
import { SLACK_LIMITS, mrkdwnText, truncate } from '../escape.js';

export function noticeMessage(_view: IncidentView, notice: IncidentNotice): { text: string } {
  switch (notice.kind) {
    case 'escalation-exhausted':
      return { text: ':rotating_light: *Escalation exhausted*: every level was paged and nobody acknowledged.' };
    case 'page-failed': {
      const where = notice.level === null ? 'by hand' : `level ${notice.level}`;
      const targets = notice.targets.map((t) => mrkdwnText(t, 80)).join(', ');
      const text = `:warning: *Page ${where} failed* for ${targets}: ${mrkdwnText(notice.error, 300)}. Page someone by hand with \`/incident page\`.`;
      return { text: truncate(text, SLACK_LIMITS.messageText) };
    }
  }
}
