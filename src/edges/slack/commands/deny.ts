// Edge: `/incident deny <request> <reason>` — deny a remediation request (a reason is required).
import { clickAnswer } from '../approval-answers.js';
import { NOT_HERE } from './remediation.js';
import { defineSubcommand } from './subcommand.js';
import { freeText, nextToken, quote, usage } from './text.js';

const syntax = 'deny <request number> <reason>';

export const deny = defineSubcommand<{ kind: 'deny'; number: number; reason: string }>({
  name: 'deny',
  syntax,
  does: 'deny a remediation request, saying why',
  hint: 'deny <request> <reason>',
  parse(rest) {
    const [word, after] = nextToken(rest);
    const m = /^#?(\d{1,15})$/.exec(word);
    if (!m) return usage(word === '' ? 'Which request? Give its number, e.g. `deny 12 office IP`.' : `\`${quote(word)}\` is not a request number.`, syntax);
    const reason = freeText(after);
    if (reason === null) return usage('Why not? A denial needs a reason.', syntax);
    return { kind: 'deny', number: Number(m[1]), reason };
  },
  async run(c, ctx) {
    if (!ctx.approvals) return NOT_HERE;
    return clickAnswer(await ctx.approvals.deny({ number: c.number }, ctx.actor, c.reason), 'deny');
  },
});
