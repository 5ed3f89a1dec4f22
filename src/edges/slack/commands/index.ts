// Edge: `/incident …`. The registry of subcommands (one line each), the parser that picks one, the
// help and manifest hint built from them, and the listener: parse, act through the incidents API,
// answer ephemerally within Slack's 3 s. Malformed input gets the usage line, never a trace.
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { slackActor } from '../../../domain/actor.js';
import type { Severity } from '../../../domain/alert.js';
import type { Gate } from '../../../access/guarded.js';
import type { Incidents } from '../../../incidents/index.js';
import type { Approvals } from '../../../approvals/index.js';
import type { Diagnostics } from '../../../diagnostics/index.js';
import type { Reports } from '../../../reports/index.js';
import { SLASH_COMMAND } from '../../../integrations/slack/ids.js';
import type { Logger } from '../../../observability/observer.js';
import { replyWithin } from '../reply.js';
import { ack } from './ack.js';
import { close } from './close.js';
import { declare } from './declare.js';
import { diag } from './diag.js';
import { escalate } from './escalate.js';
import { followup } from './followup.js';
import { help } from './help.js';
import { list } from './list.js';
import { note } from './note.js';
import { page } from './page.js';
import { postmortem } from './postmortem.js';
import { resolve } from './resolve.js';
import { role } from './role.js';
import { sev } from './sev.js';
import { status } from './status.js';
import { blockIp } from './block-ip.js';
import { unblockIp } from './unblock-ip.js';
import { disableAccount } from './disable-account.js';
import { enableAccount } from './enable-account.js';
import { rollback } from './rollback.js';
import { run } from './run.js';
import { approve } from './approve.js';
import { deny } from './deny.js';
import { actions } from './actions.js';
import { timeline } from './timeline.js';
import type { CommandContext, CommandReply, Subcommand } from './subcommand.js';
import { nextToken, quote, usage, usageLine, type Usage } from './text.js';

/** Every subcommand, in the order help lists them. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  declare, ack, escalate, page, status, sev, role, note, diag, timeline, followup, resolve, postmortem, close, list,
  blockIp, unblockIp, disableAccount, enableAccount, rollback, run, approve, deny, actions,
  help,
];

type Parsed = { kind: string };

// A Map, not an object: a subcommand named `__proto__` must not find Object.prototype.
const BY_WORD = new Map<string, Subcommand>(SUBCOMMANDS.flatMap((s) => [s.name, ...(s.aliases ?? [])].map((w) => [w, s] as [string, Subcommand])));

/** The canonical name of the subcommand the text names (an alias gives its subcommand's name), or null. */
export function canonicalSubcommand(text: string): string | null {
  const [word] = nextToken(text);
  return word === '' ? 'help' : (BY_WORD.get(word.toLowerCase())?.name ?? null);
}

/** The subcommand the text names and what it parsed to, or a usage answer naming what was wrong. */
export function parseCommand(text: string): (Parsed & { [k: string]: unknown }) | Usage {
  return parse(text).parsed;
}

function parse(text: string): { sub: Subcommand | null; parsed: Parsed | Usage } {
  const [word, rest] = nextToken(text);
  if (word === '') return { sub: help, parsed: { kind: 'help' } };
  const sub = BY_WORD.get(word.toLowerCase());
  if (sub === undefined) {
    return { sub: null, parsed: usage(`I don't know \`${quote(word)}\`. Try one of: ${SUBCOMMANDS.map((s) => s.name).join(', ')}.`, help.syntax) };
  }
  return { sub, parsed: sub.parse(rest) };
}

const NUMBER_RULE =
  'Inside an incident channel a command applies to that incident. Elsewhere, give its number right after the ' +
  "command's fixed words, as `#42` or `42`. Before more text (a message, note or summary) only `#42` counts as " +
  `the number: \`${SLASH_COMMAND} status identified #42 Root cause found\`.`;

/** The answer to `/incident help`: mrkdwn, fit for an ephemeral reply. */
export function helpText(): string {
  const lines = SUBCOMMANDS.map((s) => `• ${usageLine(s.syntax)} — ${s.does}`);
  return [`*${SLASH_COMMAND}*`, ...lines, '', NUMBER_RULE].join('\n');
}

export function helpMessage(): { text: string; blocks: KnownBlock[] } {
  const text = helpText();
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** What manifest.json's `usage_hint` must say (a test keeps them equal). */
export function usageHint(): string {
  return SUBCOMMANDS.map((s) => s.hint).join(' | ');
}

export interface CommandDeps {
  incidents: Incidents;
  approvals?: Approvals;
  diagnostics?: Diagnostics;
  /** Every subcommand acts through it: checked against `access`, recorded in the audit log. */
  gate: Gate;
  reports: Reports;
  publicUrl: string | null;
  severities: Record<Severity, string>;
  log: Logger;
}

export function registerIncidentCommand(app: App, deps: CommandDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack: acknowledge, respond, client }) => {
    const { sub, parsed } = parse(command.text ?? '');
    const actor = slackActor(command.user_id, command.team_id ?? null);
    const guarded = deps.gate.as(actor, { kind: 'command', name: sub?.name ?? 'unknown' });
    const ctx: CommandContext = {
      incidents: guarded, ...(deps.approvals && { approvals: deps.approvals }), ...(deps.diagnostics && { diagnostics: deps.diagnostics }), reports: deps.reports, publicUrl: deps.publicUrl, user: command.user_id, actor, channel: command.channel_id, responseUrl: command.response_url ?? null,
      severities: deps.severities, help: helpMessage,
    };
    const work = async (): Promise<CommandReply> => {
      const usageError = parsed.kind === 'usage' || sub === null;
      const reply = usageError ? (parsed as Usage).message : await sub.run(parsed, ctx);
      // A change records itself (with its outcome); a list, help or usage answer is recorded here.
      await guarded.recordUnlessRecorded(usageError ? 'usage' : 'ok', { text: command.text ?? '' });
      return reply;
    };
    await replyWithin(
      { ack: acknowledge, respond, openModal: (view) => client.views.open({ trigger_id: command.trigger_id, view }).then(() => undefined), log: deps.log },
      work,
    );
  });
}
