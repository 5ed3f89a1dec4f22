// Edge: `/incident stats [30d|90d] [service]` — how fast the team responds: time to detect,
// acknowledge and resolve (p50/p90), targets met, by severity; and the chart by week, rendered on the
// server and shared in the channel.
import type { Severity } from '../../../domain/alert.js';
import { escapeMrkdwn, truncate } from '../../../integrations/slack/escape.js';
import { formatDuration, type MetricsGroup, type Percentiles, type ResponseMetrics } from '../../../reports/index.js';
import { defineSubcommand } from './subcommand.js';
import { nextToken, quote, usage } from './text.js';

const syntax = 'stats [30d|90d] [service]';
const RANGES = { '30d': 30, '90d': 90 } as const;
type Range = keyof typeof RANGES;
const DAY_MS = 86_400_000;

const p = (x: Percentiles) => (x.count === 0 ? '—' : `p50 ${formatDuration(x.p50Ms)} · p90 ${formatDuration(x.p90Ms)} (${x.count})`);
const share = (g: MetricsGroup) => (g.metShare === null ? 'no targets judged' : `${g.met} of ${g.met + g.missed} met (${Math.round(g.metShare * 100)}%)`);

/** The figures as mrkdwn (service names escaped). */
export function statsText(m: ResponseMetrics, range: Range, service: string | null): string {
  const scope = service === null ? '' : ` · service \`${escapeMrkdwn(truncate(service, 80))}\``;
  const head = `*Response in the last ${RANGES[range]} days*${scope} — ${m.total.incidents} incident${m.total.incidents === 1 ? '' : 's'}`;
  if (m.total.incidents === 0) return `${head}\nNothing to measure yet.`;
  const lines = [
    head,
    `• Time to detect: ${p(m.total.ttd)}`,
    `• Time to acknowledge: ${p(m.total.tta)}`,
    `• Time to resolve: ${p(m.total.ttr)}`,
    `• Targets: ${share(m.total)}`,
    '*By severity*',
    ...m.bySeverity.map((g) => `• ${(g.key as Severity).toUpperCase()}: ${g.incidents} · acknowledge ${p(g.tta)} · resolve ${p(g.ttr)} · ${share(g)}`),
  ];
  return lines.join('\n');
}

export const stats = defineSubcommand<{ kind: 'stats'; range: Range; service: string | null }>({
  name: 'stats',
  syntax,
  does: 'response times (detect, acknowledge, resolve) and targets met, with a chart',
  hint: 'stats [30d|90d] [service]',
  parse(rest) {
    let range: Range = '30d';
    let service: string | null = null;
    let text = rest;
    for (;;) {
      const [word, after] = nextToken(text);
      if (word === '') break;
      if (/^\d+d$/i.test(word)) {
        if (!(word.toLowerCase() in RANGES)) return usage(`\`${quote(word)}\` is not a period I know: use 30d or 90d.`, syntax);
        range = word.toLowerCase() as Range;
      } else if (service === null && /^[\w.-]{1,100}$/.test(word)) {
        service = word;
      } else {
        return usage(`\`${quote(word)}\` is not a period or a service name.`, syntax);
      }
      text = after;
    }
    return { kind: 'stats', range, service };
  },
  async run(c, ctx) {
    const to = new Date();
    const from = new Date(to.getTime() - RANGES[c.range] * DAY_MS);
    const metrics = await ctx.reports.metrics({ from, to, service: c.service });
    const text = statsText(metrics, c.range, c.service);
    if (metrics.total.incidents === 0) return text;
    const title = `Response times by week, last ${RANGES[c.range]} days${c.service ? ` (${c.service})` : ''}`;
    const shared = await ctx.reports.shareChart(ctx.channel, metrics, {
      title, comment: null, filename: `response-stats-${c.range}${c.service ? `-${c.service}` : ''}.png`,
    });
    return `${text}\n${shared.ok ? '_The chart by week is shared in this channel._' : '_The chart could not be shared here: invite @firebreak to this channel to get it._'}`;
  },
});
