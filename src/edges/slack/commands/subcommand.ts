// Edge: what one `/incident` subcommand is — its syntax and help line, its parser, and what it does.
// A subcommand is one file in this folder plus one line in index.ts; help, usage answers and the
// manifest's usage_hint all come from these fields.
import type { ModalView } from '@slack/types';
import type { Actor } from '../../../domain/actor.js';
import type { Severity } from '../../../domain/alert.js';
import type { GuardedIncidents } from '../../../access/guarded.js';
import type { Change } from '../../../incidents/index.js';
import type { Approvals } from '../../../approvals/index.js';
import type { Reports } from '../../../reports/index.js';
import type { Diagnostics } from '../../../diagnostics/index.js';
import { changeAnswer, notFoundAnswer } from '../answers.js';
import type { Usage } from './text.js';

export interface CommandContext {
  /** The incidents API as this person may use it: changes checked against `access` and recorded. */
  incidents: GuardedIncidents;
  /** Remediation requests (absent where the feature is not wired, e.g. some tests). */
  approvals?: Approvals;
  /** Timeline, follow-ups, post-mortems and response metrics. */
  reports: Reports;
  /** FIREBREAK_PUBLIC_URL (the web console), for links; null when unset. */
  publicUrl: string | null;
  /** Absent where diagnostics are not wired (then `diag` says so). */
  diagnostics?: Diagnostics;
  /** Who typed it (Slack user id), from which workspace, and where. */
  user: string;
  actor: Actor;
  channel: string;
  responseUrl: string | null;
  /** What each severity means in this deployment (the declare form shows it). */
  severities: Record<Severity, string>;
  /** The help answer, built from every registered subcommand. */
  help(): CommandReply;
}

/** Text (mrkdwn) or a message; or a modal to open, with what to say if it cannot be opened. */
export type CommandReply = string | { text: string; blocks?: unknown[] } | { modal: ModalView; unavailable: string };

export interface Subcommand<P extends { kind: string } = { kind: string }> {
  name: string;
  aliases?: readonly string[];
  /** As typed, after `/incident ` (not escaped). */
  syntax: string;
  /** One line for help. */
  does: string;
  /** Its part of the manifest's usage_hint (short). */
  hint: string;
  parse(rest: string): P | Usage;
  run(command: P, ctx: CommandContext): Promise<CommandReply>;
}

export const defineSubcommand = <P extends { kind: string }>(s: Subcommand<P>): Subcommand<P> => s;

/** The incident a command names (`#42`), or the one whose channel it was typed in; the change applied; the answer. */
export async function changeIncident(ctx: CommandContext, incidentNumber: number | null, change: Change): Promise<string> {
  const found = await ctx.incidents.find(incidentNumber !== null ? { number: incidentNumber } : { channel: ctx.channel });
  if (!found.ok) return notFoundAnswer(found);
  return changeAnswer(await ctx.incidents.apply(found.incident, change));
}
