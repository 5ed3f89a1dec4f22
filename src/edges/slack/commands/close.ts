// Edge: `/incident close [#N]` — close a resolved incident (its channel is archived later if configured).
import { changeIncident, defineSubcommand } from './subcommand.js';
import { endingWithNumber } from './text.js';

const syntax = 'close [#N]';

export const close = defineSubcommand<{ kind: 'close'; incidentNumber: number | null }>({
  name: 'close',
  syntax,
  does: 'close a resolved incident (its channel is archived later if configured)',
  hint: 'close',
  parse: (rest) => endingWithNumber(rest, syntax, 'Only an incident number may follow `close`.', (incidentNumber) => ({ kind: 'close' as const, incidentNumber })),
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'close' }),
});
