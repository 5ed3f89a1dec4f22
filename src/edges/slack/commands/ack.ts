// Edge: `/incident ack [#N]` — acknowledge (stops escalation).
import { changeIncident, defineSubcommand } from './subcommand.js';
import { endingWithNumber } from './text.js';

const syntax = 'ack [#N]';

export const ack = defineSubcommand<{ kind: 'ack'; incidentNumber: number | null }>({
  name: 'ack',
  aliases: ['acknowledge'],
  syntax,
  does: 'acknowledge',
  hint: 'ack',
  parse: (rest) => endingWithNumber(rest, syntax, 'Only an incident number may follow `ack`.', (incidentNumber) => ({ kind: 'ack' as const, incidentNumber })),
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'acknowledge' }),
});
