// Edge: `/incident block-ip [#N] <ip|cidr> [for <duration>] [reason]` — request an IP block (lifted by itself after its TTL).
import { badNumber, freeText, nextToken, quote, usage } from './text.js';
import { leadingNumber, readFor, runRemediation, splitBreakGlass, target, type RemediationRequest } from './remediation.js';
import { defineSubcommand } from './subcommand.js';

const syntax = 'block-ip [#N] <ip|cidr> [for <duration>] [reason] [--break-glass <why>]';

export const blockIp = defineSubcommand<RemediationRequest>({
  name: 'block-ip',
  syntax,
  does: 'request an IP block at the edge (approved first when high risk; lifted by itself after its TTL)',
  hint: 'block-ip <ip> [for 24h] [reason]',
  parse(rest) {
    const split = splitBreakGlass(rest, syntax);
    if ('kind' in split) return split;
    const [incidentNumber, afterNumber] = leadingNumber(split[0]);
    if (incidentNumber === 'invalid') return badNumber(split[0], syntax);
    const [ip, afterIp] = nextToken(afterNumber);
    if (ip === '') return usage('Which IP address or CIDR should be blocked?', syntax);
    const [ttlMs, afterFor] = readFor(afterIp);
    if (ttlMs === 'invalid') return usage(`\`${quote(afterIp.trim().split(/\s+/)[1] ?? '')}\` is not a duration like \`24h\`.`, syntax);
    return {
      kind: 'remediation', incidentNumber, actionKind: 'block_ip', action: 'block_ip', params: { ip: target(ip) }, reason: freeText(afterFor),
      breakGlass: split[1], ...(ttlMs !== undefined && { ttlMs }),
    };
  },
  run: runRemediation,
});
