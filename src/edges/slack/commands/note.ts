// Edge: `/incident note [#N] <text>` — a note on the timeline (also after resolve).
import { changeIncident, defineSubcommand } from './subcommand.js';
import { badNumber, freeText, readNumber, usage } from './text.js';

const syntax = 'note [#N] <text>';

export const note = defineSubcommand<{ kind: 'note'; text: string; incidentNumber: number | null }>({
  name: 'note',
  syntax,
  does: 'add a note to the timeline',
  hint: 'note <text>',
  parse(rest) {
    const [incidentNumber, after] = readNumber(rest, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(rest, syntax);
    const text = freeText(after);
    if (text === null) return usage('What should the note say?', syntax);
    return { kind: 'note', text, incidentNumber };
  },
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'note', text: c.text }),
});
