// Edge: what the remediation subcommands share — an optional incident number first, `for <ttl>`,
// `--break-glass <justification>`, and handing the request to the approvals API.
import { parseDuration } from '../../../config/duration.js';
import type { ActionKindName } from '../../../domain/approval.js';
import { notFoundAnswer } from '../answers.js';
import { requestAnswer } from '../approval-answers.js';
import { defineSubcommand, type CommandContext } from './subcommand.js';
import { badNumber, freeText, nextToken, readNumber, unslack, usage, type Usage } from './text.js';

export interface RemediationRequest {
  kind: 'remediation';
  incidentNumber: number | null;
  actionKind: ActionKindName;
  /** The catalog entry: the kind's own name, or a named `run` action. */
  action: string;
  params: Record<string, string>;
  reason: string | null;
  breakGlass: string | null;
  ttlMs?: number | null;
}

export const NOT_HERE = 'Remediation actions are not available on this Firebreak.';

/** `[#N] rest`: the incident number, only when written `#N` (a bare number could be a target). */
export function leadingNumber(text: string): [number | null | 'invalid', string] {
  const [word] = nextToken(text);
  return word.startsWith('#') ? readNumber(text, { beforeText: false }) : [null, text];
}

/** Everything after `--break-glass` is the justification (which must not be empty). */
export function splitBreakGlass(text: string, syntax: string): [string, string | null] | Usage {
  const at = text.search(/(^|\s)--break-glass(\s|$)/);
  if (at < 0) return [text, null];
  const justification = freeText(text.slice(at).replace(/^\s*--break-glass/, ''));
  if (justification === null) return usage('Break-glass needs a justification: `--break-glass <why it cannot wait>`.', syntax);
  return [text.slice(0, at), justification];
}

/** `for 2h` (an IP block's TTL); `for 0s`: never lifted. */
export function readFor(text: string): [number | null | undefined | 'invalid', string] {
  const match = /^\s*for\s+(\S+)([\s\S]*)$/i.exec(text);
  if (!match) return [undefined, text];
  const ms = parseDuration(match[1]!);
  return [ms === undefined ? 'invalid' : ms === 0 ? null : ms, match[2]!];
}

/** A target as typed: a Slack mention `<@U1|ann>` is the user id; anything else is plain text. */
export function target(word: string): string {
  const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
  if (mention) return mention[1]!;
  const mailto = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/.exec(word);
  if (mailto) return mailto[1]!;
  return unslack(word);
}

export async function runRemediation(c: RemediationRequest, ctx: CommandContext): Promise<string> {
  if (!ctx.approvals) return NOT_HERE;
  const found = await ctx.incidents.find(c.incidentNumber !== null ? { number: c.incidentNumber } : { channel: ctx.channel });
  if (!found.ok) return notFoundAnswer(found);
  return requestAnswer(
    await ctx.approvals.request({
      incident: found.incident, kind: c.actionKind, action: c.action, params: c.params, reason: c.reason, actor: ctx.actor, breakGlass: c.breakGlass,
      ...(c.ttlMs !== undefined && { ttlMs: c.ttlMs }),
    }),
  );
}

/**
 * A remediation subcommand of the shape `<name> [#N] <target> [reason] [--break-glass <why>]`: one
 * target word, kept under `param`, then an optional reason (unblock-ip, disable-account, enable-account).
 */
export function targetSubcommand(spec: {
  name: string;
  actionKind: ActionKindName;
  /** The parameter the target is kept under (`ip`, `account`) and how the syntax names it. */
  param: string;
  placeholder: string;
  does: string;
  hint: string;
  /** Asked when the target is missing. */
  ask: string;
}) {
  const syntax = `${spec.name} [#N] ${spec.placeholder} [reason] [--break-glass <why>]`;
  return defineSubcommand<RemediationRequest>({
    name: spec.name,
    syntax,
    does: spec.does,
    hint: spec.hint,
    parse(rest) {
      const split = splitBreakGlass(rest, syntax);
      if ('kind' in split) return split;
      const [incidentNumber, afterNumber] = leadingNumber(split[0]);
      if (incidentNumber === 'invalid') return badNumber(split[0], syntax);
      const [word, after] = nextToken(afterNumber);
      if (word === '') return usage(spec.ask, syntax);
      return {
        kind: 'remediation', incidentNumber, actionKind: spec.actionKind, action: spec.actionKind,
        params: { [spec.param]: target(word) }, reason: freeText(after), breakGlass: split[1],
      };
    },
    run: runRemediation,
  });
}
