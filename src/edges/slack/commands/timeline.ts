// Edge: `/incident timeline [#N]` — the latest entries of an incident's timeline, and a link to the
// whole of it in the web console when FIREBREAK_PUBLIC_URL is set.
import { escapeMrkdwn, truncate } from '../../../integrations/slack/escape.js';
import type { TimelineItem } from '../../../reports/index.js';
import { notFoundAnswer } from '../answers.js';
import { defineSubcommand } from './subcommand.js';
import { endingWithNumber } from './text.js';

const syntax = 'timeline [#N]';
export const TIMELINE_LATEST = 10;
const MAX_LINE = 300;

/** Untrusted text escaped, but our own `<@U…>` mentions kept as mentions. */
export function escapeKeepingMentions(text: string): string {
  return text.split(/(<@[UW][A-Z0-9]+>)/).map((part, i) => (i % 2 === 1 ? part : escapeMrkdwn(part))).join('');
}

function who(item: TimelineItem): string {
  const a = item.actor;
  if (a === null) return '';
  switch (a.kind) {
    case 'slack-user': return `<@${a.id}> · `;
    case 'alert': return `${escapeMrkdwn(a.source)} alert · `;
    case 'pagerduty': return 'PagerDuty · ';
    case 'firebreak': return 'Firebreak · ';
    case 'other': return `${escapeMrkdwn(a.id)} · `;
  }
}

/** One entry as an mrkdwn line: its time in the reader's own time zone, who, what (escaped), and its link. */
export function timelineLine(item: TimelineItem): string {
  const epoch = Math.floor(Date.parse(item.at) / 1000);
  const fallback = item.at.slice(11, 16) + ' UTC';
  const when = Number.isNaN(epoch) ? fallback : `<!date^${epoch}^{time}|${fallback}>`;
  const glass = item.breakGlass ? ' :rotating_light: *break-glass*' : '';
  const link = item.url ? ` <${item.url.replace(/[<>|]/g, encodeURIComponent)}|link>` : '';
  return `• ${when} ${who(item)}${truncate(escapeKeepingMentions(item.text), MAX_LINE)}${glass}${link}`;
}

export const timeline = defineSubcommand<{ kind: 'timeline'; incidentNumber: number | null }>({
  name: 'timeline',
  syntax,
  does: 'show the latest timeline entries (and a link to all of them)',
  hint: 'timeline',
  parse: (rest) => endingWithNumber(rest, syntax, '`timeline` takes only an incident number.', (incidentNumber) => ({ kind: 'timeline', incidentNumber })),
  async run(c, ctx) {
    const found = await ctx.incidents.find(c.incidentNumber !== null ? { number: c.incidentNumber } : { channel: ctx.channel });
    if (!found.ok) return notFoundAnswer(found);
    const { view } = found.incident;
    const page = await ctx.reports.timeline(view.id, { limit: TIMELINE_LATEST });
    const more = page.older !== null ? ` (latest ${page.items.length})` : '';
    const link = ctx.publicUrl && view.number !== null ? `\n<${ctx.publicUrl.replace(/\/$/, '')}/incidents/${view.number}|Whole timeline and post-mortem in the console>` : '';
    const lines = page.items.length === 0 ? ['Nothing on it yet.'] : page.items.map(timelineLine);
    return [`*Timeline of #${view.number ?? '?'} ${escapeMrkdwn(truncate(view.title, 150))}*${more}`, ...lines].join('\n') + link;
  },
});
