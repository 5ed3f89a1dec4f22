// Slack: mrkdwn pieces the Block Kit builders share — mentions, links, dates, durations (pure)
import type { Severity } from '../../../domain/alert.js';
import type { IncidentStatus, IncidentView } from '../../../domain/incident.js';
import { mrkdwnText } from '../escape.js';

export const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]+$/;

/** `<@U123>` for a Slack user id; anything else is shown as escaped text, never as a mention. */
export function userMention(user: string | null, unassigned = '_unassigned_'): string {
  if (user === null || user === '') return unassigned;
  return SLACK_USER_ID.test(user) ? `<@${user}>` : mrkdwnText(user, 80);
}

/** `<#C123>` for our incident channel; an id that does not look like one falls back to its name. */
export function channelLink(channel: IncidentView['channel']): string | null {
  if (channel === null) return null;
  if (SLACK_CHANNEL_ID.test(channel.id)) return `<#${channel.id}>`;
  return channel.name === '' ? null : `#${mrkdwnText(channel.name, 80)}`;
}

const MAX_URL = 2000;

/**
 * A URL fit to sit inside `<url|text>`, or null: http(s) only, and `|`, `<`, `>` percent-encoded so
 * the URL cannot end the token early; `&` is entity-encoded as Slack asks for in any text.
 */
export function safeUrl(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const href = parsed.href.replace(/[|<>]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return href.length <= MAX_URL ? href : null;
}

/** `<url|text>` when the URL is safe, else just the text; the text is always escaped and shortened. */
export function link(url: string | null, text: string, maxText: number): string {
  const label = mrkdwnText(text.trim() === '' ? (url ?? '') : text, maxText);
  const href = safeUrl(url);
  return href === null ? label : `<${href}|${label}>`;
}

/** `<!date^…>` shows the time in each reader's own time zone; the fallback is the ISO string. */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return mrkdwnText(iso, 40);
  const fallback = new Date(ms).toISOString();
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** `<1m`, `5m`, `1h 5m`, `2d 3h`: coarse on purpose, it is read at a glance. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return '<1m';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}

/** From declaration to resolution, or to `now` while it is still open. */
export function incidentDuration(view: Pick<IncidentView, 'declaredAt' | 'resolvedAt'>, now: Date): string {
  const start = Date.parse(view.declaredAt);
  const end = view.resolvedAt === null ? now.getTime() : Date.parse(view.resolvedAt);
  return formatDuration(end - start);
}

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

export function statusLabel(status: IncidentStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

export function isOpen(status: IncidentStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

/** `#42 Title` (or just the title before a number is assigned), escaped and shortened. */
export function incidentRef(view: Pick<IncidentView, 'number' | 'title'>, maxTitle: number): string {
  const title = mrkdwnText(view.title.trim() === '' ? 'Untitled incident' : view.title, maxTitle);
  return view.number === null ? title : `#${view.number} ${title}`;
}

/** The same reference for plain_text (headers): not escaped here, `plainText` escapes it. */
export function incidentRefPlain(view: Pick<IncidentView, 'number' | 'title'>): string {
  const title = view.title.trim() === '' ? 'Untitled incident' : view.title;
  return view.number === null ? title : `#${view.number} ${title}`;
}
