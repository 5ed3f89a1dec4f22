// Reports: the post-mortem draft as Markdown — what the record says (key times, impact, alerts, who
// was paged, actions with break-glass flagged, evidence, follow-ups, the timeline) and headed
// prompts for what people write (root cause, what went well, what did not). Pure: data in, text out.
// Refreshed from the store on every read until the post-mortem is marked done; from then on the
// timeline stops at the "done" entry, so the document people signed off stays as it was.
import type { IncidentView } from '../domain/incident.js';
import type { Followup, IncidentMetrics, TargetVerdict, TimelineItem } from './types.js';

export interface PostmortemAlert {
  source: string;
  title: string;
  status: 'firing' | 'resolved';
  count: number;
  firstSeen: string | null;
  url: string | null;
}

export interface PostmortemInput {
  view: IncidentView;
  times: IncidentMetrics | null;
  timeline: TimelineItem[];
  alerts: PostmortemAlert[];
  followups: Followup[];
  /** Post-mortem state from the incident: pending (reminding), done, dismissed, or null (none yet). */
  state: 'pending' | 'done' | 'dismissed' | null;
  /** Target per measure for the incident's severity, in ms. */
  targets: { detectMs?: number; acknowledgeMs?: number; resolveMs?: number } | null;
  /** The console's address (FIREBREAK_PUBLIC_URL), for a link back to the incident. */
  publicUrl: string | null;
  /** The escalation policy's levels as snapshotted at declaration (1-based level n → levels[n-1]). */
  policyLevels?: Array<{ targets: string[] }>;
}

/** Slack's own markup read as plain text: `<@U1>` → `@U1`, `<!subteam^S1>` → `@S1`, `<url|label>` → label. */
export function slackToPlain(s: string): string {
  return s
    .replace(/<@([UW][A-Z0-9]+)>/g, '@$1')
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1');
}

/** Markdown-safe inline text: one line, markup characters escaped (untrusted text from alerts and people). */
export function mdText(s: string): string {
  return slackToPlain(s).replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).trim();
}

/** `1h 2m 3s`, `45s`, `0s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].filter(Boolean);
  return parts.join(' ');
}

/** `2026-12-01 10:01:30` (UTC). */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

/** How a timeline actor reads in the document. */
export function actorName(item: Pick<TimelineItem, 'actor'>): string {
  const a = item.actor;
  if (a === null) return '—';
  switch (a.kind) {
    case 'slack-user': return `@${a.id}`;
    case 'alert': return `${a.source} alert`;
    case 'pagerduty': return `PagerDuty (${a.name})`;
    case 'firebreak': return 'Firebreak';
    case 'other': return a.id;
  }
}

const verdictWord = (v: TargetVerdict | undefined, targetMs: number | undefined) =>
  targetMs === undefined || v === undefined || v === 'none' ? '' : ` (target ${formatDuration(targetMs)}: ${v})`;

const cell = (s: string) => mdText(s) || ' ';

function keyTimes(input: PostmortemInput): string[] {
  const t = input.times;
  const tg = input.targets ?? {};
  const rows: Array<[string, string | null, string]> = [
    ['First alert', t?.firstAlertAt ?? null, ''],
    ['Declared', t?.declaredAt ?? input.view.declaredAt, t && t.ttdMs !== null ? `time to detect ${formatDuration(t.ttdMs)}${verdictWord(t.targets.detect, tg.detectMs)}` : ''],
    ['Acknowledged', t?.acknowledgedAt ?? null, t && t.ttaMs !== null ? `time to acknowledge ${formatDuration(t.ttaMs)}${verdictWord(t.targets.acknowledge, tg.acknowledgeMs)}` : ''],
    ['Mitigated', t?.mitigatedAt ?? null, ''],
    ['Resolved', t?.resolvedAt ?? null, t && t.ttrMs !== null ? `time to resolve ${formatDuration(t.ttrMs)}${verdictWord(t.targets.resolve, tg.resolveMs)}` : ''],
  ];
  return [
    '| Moment | Time (UTC) | Measure |',
    '|---|---|---|',
    ...rows.map(([what, at, measure]) => `| ${what} | ${formatTime(at)} | ${measure || '—'} |`),
  ];
}

type Levels = PostmortemInput['policyLevels'];

const line = (levels: Levels) => (i: TimelineItem) =>
  `- ${formatTime(i.at)} — ${actorName(i)}: ${mdText(i.text)}${pagedWho(i, levels)}${i.breakGlass ? ' — ⚠️ **break-glass**' : ''}${i.url ? ` ([link](${i.url}))` : ''}`;

/**
 * Who a policy page went to (its level's targets, from the policy the incident snapshotted): a page
 * by hand already names them. Slack ids as mentions, the rest as written.
 */
function pagedWho(i: TimelineItem, levels: Levels): string {
  if (i.kind !== 'escalation.paged') return '';
  const d = (i.data ?? {}) as { reason?: unknown; level?: unknown; targets?: unknown };
  if (d.reason === 'by-hand') return '';
  const targets = Array.isArray(d.targets) && d.targets.length > 0
    ? d.targets
    : typeof d.level === 'number' ? levels?.[d.level - 1]?.targets ?? [] : [];
  if (targets.length === 0) return '';
  return ` → ${targets.map((t) => (typeof t === 'string' && /^[UWS][A-Z0-9]{2,}$/.test(t) ? `@${t}` : mdText(String(t)))).join(', ')}`;
}

/**
 * Break-glass carried along a request: every action entry of a request (by its number) that was run
 * under break-glass is flagged, not only the entry that said so.
 */
export function flagBreakGlass(timeline: TimelineItem[]): TimelineItem[] {
  const numberOf = (i: TimelineItem) => {
    const n = (i.data as { number?: unknown } | null)?.number;
    return typeof n === 'number' ? n : null;
  };
  const glass = new Set(timeline.filter((i) => i.category === 'action' && i.breakGlass).map(numberOf).filter((n) => n !== null));
  return timeline.map((i) => (i.category === 'action' && !i.breakGlass && glass.has(numberOf(i) ?? NaN) ? { ...i, breakGlass: true } : i));
}

function section(title: string, body: string[], empty: string): string[] {
  return [`## ${title}`, '', ...(body.length > 0 ? body : [`_${empty}_`]), ''];
}

function pagingLines(timeline: TimelineItem[], levels: Levels): string[] {
  return timeline
    .filter((i) => i.category === 'paging' || i.category === 'acknowledgement')
    .map(line(levels));
}

function summaryText(input: PostmortemInput): string {
  const resolved = [...input.timeline].reverse().find((i) => i.kind === 'incident.resolved');
  const summary = (resolved?.data as { summary?: unknown } | null)?.summary;
  if (typeof summary === 'string' && summary.trim() !== '') return mdText(summary);
  if (input.view.lastUpdate) return mdText(input.view.lastUpdate.text);
  return '_✍️ One paragraph: what happened, who was affected, how it was fixed._';
}

/** The timeline a done post-mortem shows: up to the entry that marked it done. */
export function frozenTimeline(timeline: TimelineItem[], state: PostmortemInput['state']): TimelineItem[] {
  if (state !== 'done') return timeline;
  const done = timeline.findIndex((i) => i.kind === 'incident.postmortem' && (i.data as { decision?: unknown } | null)?.decision === 'done');
  return done < 0 ? timeline : timeline.slice(0, done + 1);
}

export function renderPostmortem(input: PostmortemInput): string {
  const v = input.view;
  const t = input.times;
  const timeline = flagBreakGlass(frozenTimeline(input.timeline, input.state));
  const number = v.number === null ? '' : `#${v.number} `;
  const severity = t?.severity ?? v.severity;
  const status = v.status.charAt(0).toUpperCase() + v.status.slice(1);
  const duration = t?.ttrMs ?? null;
  const stateLine = input.state === 'done'
    ? 'Post-mortem marked done: this is the reviewed version.'
    : 'Draft written by Firebreak from the incident record; it is refreshed until the post-mortem is marked done. Fill in the sections marked ✍️.';
  const firing = input.alerts.filter((a) => a.status === 'firing').length;

  const out: string[] = [
    `# Post-mortem: ${number}${mdText(v.title) || 'Untitled incident'}`,
    '',
    `> ${stateLine}`,
    '',
    '| | |',
    '|---|---|',
    `| Status | ${status} |`,
    `| Severity | ${severity.toUpperCase()}${severity !== v.severity ? ` (now ${v.severity.toUpperCase()})` : ''} |`,
    `| Service | ${v.service ? cell(v.service) : '—'} |`,
    `| Commander | ${v.roles.commander ? `@${v.roles.commander}` : '—'} |`,
    `| Channel | ${v.channel ? `#${cell(v.channel.name)}` : '—'} |`,
    ...(t && t.reopens > 0 ? [`| Reopened | ${t.reopens} time${t.reopens === 1 ? '' : 's'} |`] : []),
    ...(input.publicUrl && v.number !== null ? [`| Console | ${input.publicUrl.replace(/\/$/, '')}/incidents/${v.number} |`] : []),
    '',
    '## Summary',
    '',
    summaryText(input),
    '',
    '## Impact',
    '',
    `- Duration: ${duration === null ? 'still open' : `${formatDuration(duration)} (first alert, or declaration, to resolved)`}`,
    `- Severity: ${severity.toUpperCase()}`,
    `- Services: ${v.service ? mdText(v.service) : '—'}`,
    `- Alerts: ${input.alerts.length}${firing > 0 ? ` (${firing} still firing)` : ''}`,
    '- ✍️ Who was affected, and how:',
    '',
    '## Key times',
    '',
    ...keyTimes(input),
    '',
    ...section('Alerts', input.alerts.length === 0 ? [] : [
      '| First seen (UTC) | Source | Alert | Status | Count |',
      '|---|---|---|---|---|',
      ...input.alerts.map((a) => `| ${formatTime(a.firstSeen)} | ${cell(a.source)} | ${a.url ? `[${cell(a.title)}](${a.url})` : cell(a.title)} | ${a.status} | ${a.count} |`),
    ], 'No alerts: declared by hand.'),
    ...section('Who was paged', pagingLines(timeline, input.policyLevels), 'Nobody was paged.'),
    ...section('Actions', timeline.filter((i) => i.category === 'action').map(line(input.policyLevels)), 'No actions were requested.'),
    ...section('Diagnostics evidence', timeline.filter((i) => i.category === 'evidence').map(line(input.policyLevels)), 'No diagnostics evidence was recorded.'),
    ...section('Follow-ups', input.followups.map((f) =>
      `- [${f.state === 'done' ? 'x' : ' '}] #${f.id} ${mdText(f.text)}${f.owner ? ` — owner @${f.owner}` : ''}${f.due ? ` — due ${f.due}` : ''}${f.externals.map((e) => ` — [${cell(e.key)}](${e.url})`).join('')}`,
    ), 'None yet: add one with `/incident followup <text> [@owner] [due <date>]`.'),
    '## Timeline',
    '',
    '| Time (UTC) | Who | What |',
    '|---|---|---|',
    ...timeline.map((i) => `| ${formatTime(i.at)} | ${cell(actorName(i))} | ${cell(i.text)}${pagedWho(i, input.policyLevels)}${i.breakGlass ? ' ⚠️ **break-glass**' : ''}${i.url ? ` ([link](${i.url}))` : ''} |`),
    '',
    '## Root cause',
    '',
    '_✍️ What made this happen? Keep asking why until the answer is something you can change._',
    '',
    '## What went well',
    '',
    '_✍️ What helped: detection, tooling, people, runbooks._',
    '',
    '## What did not go well',
    '',
    '_✍️ What slowed the response or made it worse. Turn each into a follow-up._',
    '',
  ];
  return out.join('\n');
}
