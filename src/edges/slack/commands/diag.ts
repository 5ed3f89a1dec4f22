// Edge: `/incident diag [#N] [source…]` — gather the evidence now (every configured source, or the
// ones named); the results come as one message in the incident channel, edited as sources answer.
import { accessAnswer, notFoundAnswer } from '../answers.js';
import { diagnosticsAnswer } from '../diagnostics-answer.js';
import { defineSubcommand } from './subcommand.js';
import { badNumber, readNumber } from './text.js';

const syntax = 'diag [#N] [datadog|sentry|pagerduty|probes|changes …]';

export const diag = defineSubcommand<{ kind: 'diag'; incidentNumber: number | null; sources: string[] }>({
  name: 'diag',
  aliases: ['diagnostics'],
  syntax,
  does: 'gather diagnostics (Datadog, Sentry, on-call, probes, recent deploys) into the channel',
  hint: 'diag [source]',
  parse(rest) {
    const [incidentNumber, after] = readNumber(rest, { beforeText: false });
    if (incidentNumber === 'invalid') return badNumber(rest, syntax);
    const sources = after.split(/[\s,]+/).filter((w) => w !== '');
    return { kind: 'diag', incidentNumber, sources };
  },
  async run(c, ctx) {
    if (!ctx.diagnostics) return 'Diagnostics are not available in this deployment.';
    const found = await ctx.incidents.find(c.incidentNumber !== null ? { number: c.incidentNumber } : { channel: ctx.channel });
    if (!found.ok) return notFoundAnswer(found);
    // Action `diag` in `access.allow` (everyone by default; read-only guests refused; private incidents for members).
    const decision = await ctx.incidents.permit('diag', found.incident);
    if (!decision.ok) return accessAnswer(decision.refusal, found.incident.view.number);
    const outcome = await ctx.diagnostics.run(found.incident, c.sources, 'command', ctx.actor);
    return diagnosticsAnswer(outcome, found.incident.view.number);
  },
});
