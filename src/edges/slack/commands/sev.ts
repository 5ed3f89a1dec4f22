// Edge: `/incident sev <1-4> [#N]` — change the severity (raising to sev1 re-pages the current level).
import type { Severity } from '../../../domain/alert.js';
import { changeIncident, defineSubcommand } from './subcommand.js';
import { endingWithNumber, readSeverity, usage } from './text.js';

const syntax = 'sev <1-4> [#N]';

export const sev = defineSubcommand<{ kind: 'sev'; severity: Severity; incidentNumber: number | null }>({
  name: 'sev',
  aliases: ['severity'],
  syntax,
  does: 'change the severity (sev1 is the worst)',
  hint: 'sev <1-4>',
  parse(rest) {
    const [severity, after] = readSeverity(rest, { bareDigit: true });
    if (severity === null || severity === 'invalid') return usage('Give a severity from 1 to 4.', syntax);
    return endingWithNumber(after, syntax, 'Only an incident number may follow the severity.', (incidentNumber) => ({ kind: 'sev' as const, severity, incidentNumber }));
  },
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'severity', severity: c.severity }),
});
