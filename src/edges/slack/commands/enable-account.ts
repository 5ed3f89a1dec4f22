// Edge: `/incident enable-account [#N] <user id|email> [reason]` — request to enable an account again.
import { badNumber, freeText, nextToken, usage } from './text.js';
import { leadingNumber, runRemediation, splitBreakGlass, target, type RemediationRequest } from './remediation.js';
import { defineSubcommand } from './subcommand.js';

const syntax = 'enable-account [#N] <user id|email> [reason] [--break-glass <why>]';

export const enableAccount = defineSubcommand<RemediationRequest>({
  name: 'enable-account',
  syntax,
  does: 'request to enable an account again',
  hint: 'enable-account <user|email> [reason]',
  parse(rest) {
    const split = splitBreakGlass(rest, syntax);
    if ('kind' in split) return split;
    const [incidentNumber, afterNumber] = leadingNumber(split[0]);
    if (incidentNumber === 'invalid') return badNumber(split[0], syntax);
    const [account, after] = nextToken(afterNumber);
    if (account === '') return usage('Which account (user id or email)?', syntax);
    return { kind: 'remediation', incidentNumber, actionKind: 'enable_account', action: 'enable_account', params: { account: target(account) }, reason: freeText(after), breakGlass: split[1] };
  },
  run: runRemediation,
});
