// Edge: `/incident escalate [#N] [reason]` — page the next escalation level now.
import { changeIncident, defineSubcommand } from './subcommand.js';
import { badNumber, freeText, readNumber } from './text.js';

const syntax = 'escalate [#N] [reason]';

export const escalate = defineSubcommand<{ kind: 'escalate'; reason: string | null; incidentNumber: number | null }>({
  name: 'escalate',
  syntax,
  does: 'page the next escalation level now',
  hint: 'escalate [reason]',
  parse(rest) {
    const [incidentNumber, after] = readNumber(rest, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(rest, syntax);
    return { kind: 'escalate', reason: freeText(after), incidentNumber };
  },
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'escalate', reason: c.reason }),
});
