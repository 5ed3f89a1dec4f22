// Edge: `/incident postmortem <done|dismiss> [#N]` — stop the post-mortem reminders.
import { changeIncident, defineSubcommand } from './subcommand.js';
import { endingWithNumber, nextToken, quote, usage } from './text.js';

const syntax = 'postmortem <done|dismiss> [#N]';

export const postmortem = defineSubcommand<{ kind: 'postmortem'; decision: 'done' | 'dismissed'; incidentNumber: number | null }>({
  name: 'postmortem',
  syntax,
  does: 'stop the post-mortem reminders: it is written, or there will be none',
  hint: 'postmortem <done|dismiss>',
  parse(rest) {
    const [word, after] = nextToken(rest);
    const decision = word.toLowerCase() === 'done' ? 'done' : word.toLowerCase() === 'dismiss' ? 'dismissed' : null;
    if (decision === null) return usage(word === '' ? 'Done or dismiss?' : `\`${quote(word)}\` is neither done nor dismiss.`, syntax);
    return endingWithNumber(after, syntax, 'Only an incident number may follow `done` or `dismiss`.', (incidentNumber) => ({
      kind: 'postmortem' as const, decision, incidentNumber,
    }));
  },
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'postmortem', decision: c.decision }),
});
