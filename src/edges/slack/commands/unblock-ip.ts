// Edge: `/incident unblock-ip [#N] <ip|cidr> [reason]` — request lifting an IP block.
import { badNumber, freeText, nextToken, usage } from './text.js';
import { leadingNumber, runRemediation, splitBreakGlass, target, type RemediationRequest } from './remediation.js';
import { defineSubcommand } from './subcommand.js';

const syntax = 'unblock-ip [#N] <ip|cidr> [reason] [--break-glass <why>]';

export const unblockIp = defineSubcommand<RemediationRequest>({
  name: 'unblock-ip',
  syntax,
  does: 'request lifting an IP block',
  hint: 'unblock-ip <ip>',
  parse(rest) {
    const split = splitBreakGlass(rest, syntax);
    if ('kind' in split) return split;
    const [incidentNumber, afterNumber] = leadingNumber(split[0]);
    if (incidentNumber === 'invalid') return badNumber(split[0], syntax);
    const [ip, after] = nextToken(afterNumber);
    if (ip === '') return usage('Which IP address or CIDR should be unblocked?', syntax);
    return { kind: 'remediation', incidentNumber, actionKind: 'unblock_ip', action: 'unblock_ip', params: { ip: target(ip) }, reason: freeText(after), breakGlass: split[1] };
  },
  run: runRemediation,
});
