// Edge: `/incident resolve [#N] [summary]` — resolve; without a summary, the resolve form.
import { resolveModal } from '../../../integrations/slack/blocks/modals.js';
import { accessAnswer, notFoundAnswer } from '../answers.js';
import { changeIncident, defineSubcommand } from './subcommand.js';
import { badNumber, freeText, readNumber } from './text.js';

const syntax = 'resolve [#N] [summary]';

export const resolve = defineSubcommand<{ kind: 'resolve'; summary: string; incidentNumber: number | null } | { kind: 'resolve-modal'; incidentNumber: number | null }>({
  name: 'resolve',
  syntax,
  does: 'resolve; without a summary, open the form',
  hint: 'resolve [summary]',
  parse(rest) {
    const [incidentNumber, after] = readNumber(rest, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(rest, syntax);
    const summary = freeText(after);
    return summary === null ? { kind: 'resolve-modal', incidentNumber } : { kind: 'resolve', summary, incidentNumber };
  },
  async run(c, ctx) {
    if (c.kind === 'resolve') return changeIncident(ctx, c.incidentNumber, { kind: 'resolve', summary: c.summary });
    const found = await ctx.incidents.find(c.incidentNumber !== null ? { number: c.incidentNumber } : { channel: ctx.channel });
    if (!found.ok) return notFoundAnswer(found);
    const { view } = found.incident;
    const permitted = await ctx.incidents.permit('resolve', found.incident);
    if (!permitted.ok) return accessAnswer(permitted.refusal, view.number);
    if (view.status === 'resolved' || view.status === 'closed') return `Incident #${view.number} is already ${view.status}.`;
    return { modal: resolveModal(view), unavailable: `Could not open the resolve form. Resolve with a summary instead: \`/incident resolve #${view.number} <summary>\`.` };
  },
});
