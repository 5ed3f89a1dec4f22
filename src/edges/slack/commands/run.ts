// Edge: `/incident run [#N] <action> key=value … [reason]` — request a named webhook action from the catalog.
import { badNumber, freeText, nextToken, quote, usage } from './text.js';
import { leadingNumber, runRemediation, splitBreakGlass, target, type RemediationRequest } from './remediation.js';
import { defineSubcommand } from './subcommand.js';

const syntax = 'run [#N] <action> key=value … [reason] [--break-glass <why>]';
const KEY_VALUE = /^([A-Za-z_][A-Za-z0-9_.-]{0,63})=(.*)$/;

export const run = defineSubcommand<RemediationRequest>({
  name: 'run',
  syntax,
  does: 'request a named action from the catalog, with its parameters',
  hint: 'run <action> key=value …',
  parse(rest) {
    const split = splitBreakGlass(rest, syntax);
    if ('kind' in split) return split;
    const [incidentNumber, afterNumber] = leadingNumber(split[0]);
    if (incidentNumber === 'invalid') return badNumber(split[0], syntax);
    const [action, afterAction] = nextToken(afterNumber);
    if (action === '') return usage('Which action? (`/incident run <action> key=value …`)', syntax);
    if (!/^[a-z][a-z0-9_-]*$/.test(action)) return usage(`\`${quote(action)}\` is not an action name.`, syntax);
    const params: Record<string, string> = {};
    let text = afterAction;
    for (;;) {
      const [word, after] = nextToken(text);
      const kv = KEY_VALUE.exec(word);
      if (!kv) break;
      params[kv[1]!] = target(kv[2]!);
      text = after;
    }
    return { kind: 'remediation', incidentNumber, actionKind: 'run', action, params, reason: freeText(text), breakGlass: split[1] };
  },
  run: runRemediation,
});
