// Workflows: the incident timeline in words — one plain line per entry, written beside its data when
// the step commits (logs, drills, search). Surfaces that want more (the console, post-mortems)
// render from the data.
import type { IncidentTimeline, IncidentTimelineKind } from './timeline.js';

const via = (v: string | null) => (v ? ` (via ${v})` : '');
const where = (level: number | null) => (level === null ? 'by hand' : `level ${level}`);
const short = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)}m` : `${Math.round(ms / 1000)}s`);

const TEXT: { [K in IncidentTimelineKind]: (d: IncidentTimeline[K]) => string } = {
  'slack.channel': (d) => `Channel #${d.name} opened`,
  'slack.archived': () => 'Channel archived',
  'incident.acknowledged': (d) => `Acknowledged${via(d.via)}`,
  'incident.status': (d) => `Status: ${d.status}${d.message ? ` — ${d.message}` : ''}`,
  'incident.refused': (d) => `Status ${d.status} refused: the incident is already ${d.current} (statuses only move forward)`,
  'incident.severity': (d) => `Severity ${d.from} → ${d.to}`,
  'incident.role': (d) => `${d.role}: <@${d.user}>`,
  'incident.note': (d) => d.text,
  'incident.resolved': (d) => (d.automatic ? 'Resolved automatically: every alert recovered' : `Resolved${via(d.via)}${d.summary ? `: ${d.summary}` : ''}`),
  'incident.reopened': (d) => `Reopened${via(d.via)}${d.reason ? `: ${d.reason}` : ''}`,
  'incident.closed': (d) => (d.automatic ? 'Closed automatically after resolve' : 'Closed'),
  'alerts.cleared': () => 'Every alert has recovered; the incident stays open until someone resolves it',
  'escalation.paged': (d) => {
    const policy = d.policy ?? 'the policy';
    if (d.reason === 'by-hand') return `Paged by hand: ${d.targets.join(', ')}`;
    if (d.reason === 'severity-raised') return `Paged level ${d.level} of ${policy} again: severity raised to sev1`;
    return `Paged level ${d.level}${d.round > 0 ? ` (repeat ${d.round})` : ''} of ${policy}`;
  },
  'escalation.escalated': (d) => (d.restarted ? 'Escalated by hand: starting the policy again' : `Escalated by hand${d.reason ? `: ${d.reason}` : ''}`),
  'escalation.exhausted': (d) => `Escalation exhausted: nobody acknowledged after every level of ${d.policy ?? 'the policy'}`,
  'escalation.page_failed': (d) => `Page ${where(d.level)} failed for ${d.targets.join(', ')}: ${d.error}${d.final ? ' — gave up' : ' — retrying'}`,
  'escalation.page_delivered': (d) => `Page ${where(d.level)} delivered after retrying`,
  'reminder.status': (d) => `Reminded the channel: no status update for ${short(d.silentForMs)}`,
  'reminder.snoozed': (d) => `Status-update reminders snoozed for ${short(d.forMs)}`,
  'reminder.postmortem': (d) => `Post-mortem reminder sent to ${d.commander ? `<@${d.commander}>` : 'the channel'}`,
  'incident.postmortem': (d) => (d.decision === 'done' ? 'Post-mortem marked done' : 'Post-mortem reminder dismissed'),
};

/** The line for an entry the incident machine wrote; kinds it does not know (older builds) show their kind. */
export function incidentTimelineText(kind: string, data: unknown): string {
  const text = (TEXT as Record<string, ((d: unknown) => string) | undefined>)[kind];
  return text ? text(data ?? {}) : kind;
}
