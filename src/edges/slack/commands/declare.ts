// Edge: `/incident declare [sev1-4] <title>` — declare by hand; without a title, the declare form.
import type { Severity } from '../../../domain/alert.js';
import { declareModal, TITLE_MAX } from '../../../integrations/slack/blocks/modals.js';
import { escapeMrkdwn } from '../../../integrations/slack/escape.js';
import { accessAnswer } from '../answers.js';
import { defineSubcommand } from './subcommand.js';
import { freeText, readSeverity, usage } from './text.js';

const syntax = 'declare [sev1-4] <title>';

export const declare = defineSubcommand<{ kind: 'declare'; severity: Severity | null; title: string } | { kind: 'declare-modal'; severity: Severity | null }>({
  name: 'declare',
  syntax,
  does: 'declare an incident; without a title, open the form',
  hint: 'declare [sev1-4] <title>',
  parse(rest) {
    const [severity, afterSeverity] = readSeverity(rest, { bareDigit: true });
    if (severity === 'invalid') return usage('Severity is sev1 to sev4.', syntax);
    const title = freeText(afterSeverity);
    if (title === null) return { kind: 'declare-modal', severity };
    if (title.length > TITLE_MAX) return usage(`The title is ${title.length} characters; keep it to ${TITLE_MAX}.`, syntax);
    return { kind: 'declare', severity, title };
  },
  async run(c, ctx) {
    if (c.kind === 'declare-modal') {
      return {
        modal: declareModal({ channel: ctx.channel, severity: c.severity, severityMeanings: ctx.severities, ...(ctx.responseUrl && { responseUrl: ctx.responseUrl }) }),
        unavailable: 'Could not open the declare form. Declare with a title instead: `/incident declare [sev1-4] <title>`.',
      };
    }
    const declared = await ctx.incidents.declare({ title: c.title, severity: c.severity ?? 'sev2', service: null, commander: ctx.user, summary: null });
    if (!declared.ok) return accessAnswer(declared.refusal);
    return `Declared incident #${declared.incident.number}: ${escapeMrkdwn(c.title)}. Its channel is on the way.`;
  },
});
