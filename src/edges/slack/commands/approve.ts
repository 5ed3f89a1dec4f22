// Edge: `/incident approve <request> [reason]` — approve a remediation request by its number.
import { clickAnswer } from '../approval-answers.js';
import { NOT_HERE } from './remediation.js';
import { defineSubcommand } from './subcommand.js';
import { nextToken, quote, usage } from './text.js';

const syntax = 'approve <request number>';

export const approve = defineSubcommand<{ kind: 'approve'; number: number }>({
  name: 'approve',
  syntax,
  does: 'approve a remediation request (never your own)',
  hint: 'approve <request>',
  parse(rest) {
    const [word] = nextToken(rest);
    const m = /^#?(\d{1,15})$/.exec(word);
    if (!m) return usage(word === '' ? 'Which request? Give its number, e.g. `approve 12`.' : `\`${quote(word)}\` is not a request number.`, syntax);
    return { kind: 'approve', number: Number(m[1]) };
  },
  async run(c, ctx) {
    if (!ctx.approvals) return NOT_HERE;
    return clickAnswer(await ctx.approvals.approve({ number: c.number }, ctx.actor), 'approve');
  },
});
