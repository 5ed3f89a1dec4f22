// Edge: `/incident actions [#N]` — this incident's remediation requests and where each stands.
import { escapeMrkdwn } from '../../../integrations/slack/escape.js';
import { notFoundAnswer } from '../answers.js';
import { NOT_HERE } from './remediation.js';
import { defineSubcommand } from './subcommand.js';
import { endingWithNumber } from './text.js';

const syntax = 'actions [#N]';

export const actions = defineSubcommand<{ kind: 'actions'; incidentNumber: number | null }>({
  name: 'actions',
  syntax,
  does: "list this incident's remediation requests",
  hint: 'actions',
  parse: (rest) => endingWithNumber(rest, syntax, '`actions` takes only an incident number.', (incidentNumber) => ({ kind: 'actions', incidentNumber })),
  async run(c, ctx) {
    if (!ctx.approvals) return NOT_HERE;
    const found = await ctx.incidents.find(c.incidentNumber !== null ? { number: c.incidentNumber } : { channel: ctx.channel });
    if (!found.ok) return notFoundAnswer(found);
    const items = await ctx.approvals.list(found.incident.view.id);
    if (items.length === 0) return `No remediation requests on incident #${found.incident.view.number}.`;
    const lines = items.slice(0, 30).map((i) => {
      const params = Object.entries(i.params).map(([k, v]) => `${escapeMrkdwn(k)}=${escapeMrkdwn(v)}`).join(' ');
      return `• *#${i.number}* \`${escapeMrkdwn(i.action)}\` ${params} — ${i.phase}${i.requester ? ` (by <@${escapeMrkdwn(i.requester)}>)` : ''}`;
    });
    return [`*Remediation requests on incident #${found.incident.view.number} (${items.length})*`, ...lines].join('\n');
  },
});
