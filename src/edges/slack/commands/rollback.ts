// Edge: `/incident rollback [#N] <service> [to <version>] [reason]` — request a rollback (a GitHub Actions run).
import { badNumber, freeText, nextToken, usage } from './text.js';
import { leadingNumber, runRemediation, splitBreakGlass, target, type RemediationRequest } from './remediation.js';
import { defineSubcommand } from './subcommand.js';

const syntax = 'rollback [#N] <service> [to <version>] [reason] [--break-glass <why>]';

export const rollback = defineSubcommand<RemediationRequest>({
  name: 'rollback',
  syntax,
  does: 'request a rollback of a service (to a version, or the previous one)',
  hint: 'rollback <service> [to <version>]',
  parse(rest) {
    const split = splitBreakGlass(rest, syntax);
    if ('kind' in split) return split;
    const [incidentNumber, afterNumber] = leadingNumber(split[0]);
    if (incidentNumber === 'invalid') return badNumber(split[0], syntax);
    const [service, afterService] = nextToken(afterNumber);
    if (service === '') return usage('Which service should be rolled back?', syntax);
    const to = /^\s*to\s+(\S+)([\s\S]*)$/i.exec(afterService);
    const params: Record<string, string> = { service: target(service), ...(to && { version: target(to[1]!) }) };
    return { kind: 'remediation', incidentNumber, actionKind: 'rollback', action: 'rollback', params, reason: freeText(to ? to[2]! : afterService), breakGlass: split[1] };
  },
  run: runRemediation,
});
