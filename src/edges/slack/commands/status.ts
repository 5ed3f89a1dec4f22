// Edge: `/incident status <investigating|identified|monitoring> [#N] [message]` — a status update.
import { UPDATE_STATUSES, type UpdateStatus } from '../../../domain/incident.js';
import { changeIncident, defineSubcommand } from './subcommand.js';
import { badNumber, freeText, nextToken, quote, readNumber, usage } from './text.js';

const syntax = 'status <investigating|identified|monitoring> [#N] [message]';

export const status = defineSubcommand<{ kind: 'status'; status: UpdateStatus; incidentNumber: number | null; message: string | null }>({
  name: 'status',
  syntax,
  does: 'set the status, with an optional update',
  hint: 'status <investigating|identified|monitoring> [msg]',
  parse(rest) {
    const [word, after] = nextToken(rest);
    const status = UPDATE_STATUSES.find((s) => s === word.toLowerCase());
    if (status === undefined) return usage(word === '' ? 'Which status?' : `\`${quote(word)}\` is not a status this command sets.`, syntax);
    const [incidentNumber, message] = readNumber(after, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(after, syntax);
    return { kind: 'status', status, incidentNumber, message: freeText(message) };
  },
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'status', status: c.status, message: c.message }),
});
