// Slack: usage of /incident — the help answer and the usage lines the command parser quotes (pure)
import type { KnownBlock } from '@slack/types';
import { SLASH_COMMAND } from '../ids.js';
import { escapeMrkdwn } from '../escape.js';

export const SUBCOMMANDS = ['declare', 'ack', 'escalate', 'page', 'status', 'sev', 'role', 'note', 'resolve', 'postmortem', 'close', 'list', 'help'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** One line per subcommand, as typed (not escaped: `usageLine` escapes for mrkdwn). */
export const USAGE: Record<Subcommand, { syntax: string; does: string }> = {
  declare: { syntax: 'declare [sev1-4] <title>', does: 'declare an incident; without a title, open the form' },
  ack: { syntax: 'ack [#N]', does: 'acknowledge' },
  escalate: { syntax: 'escalate [#N] [reason]', does: 'page the next escalation level now' },
  page: { syntax: 'page <@user|@group|policy>… [#N]', does: "page more people, or a policy's first level, without changing the escalation level" },
  status: { syntax: 'status <investigating|identified|monitoring> [#N] [message]', does: 'set the status, with an optional update' },
  sev: { syntax: 'sev <1-4> [#N]', does: 'change the severity (sev1 is the worst)' },
  role: { syntax: 'role <commander|scribe|comms> @user [#N]', does: 'assign a role' },
  note: { syntax: 'note [#N] <text>', does: 'add a note to the timeline' },
  resolve: { syntax: 'resolve [#N] [summary]', does: 'resolve; without a summary, open the form' },
  postmortem: { syntax: 'postmortem <done|dismiss> [#N]', does: 'stop the post-mortem reminders: it is written, or there will be none' },
  close: { syntax: 'close [#N]', does: 'close a resolved incident (its channel is archived later if configured)' },
  list: { syntax: 'list', does: 'list open incidents' },
  help: { syntax: 'help', does: 'show this help' },
};

/** `/incident ack [#N]` as inline code, escaped so `<title>` is not taken for a Slack link. */
export function usageLine(subcommand: Subcommand): string {
  return `\`${escapeMrkdwn(`${SLASH_COMMAND} ${USAGE[subcommand].syntax}`)}\``;
}

const NUMBER_RULE =
  'Inside an incident channel a command applies to that incident. Elsewhere, give its number right after the ' +
  "command's fixed words, as `#42` or `42`. Before more text (a message, note or summary) only `#42` counts as " +
  `the number: \`${SLASH_COMMAND} status identified #42 Root cause found\`.`;

/** The answer to `/incident help` (and to an empty `/incident`): mrkdwn, fit for an ephemeral reply. */
export function helpText(): string {
  const lines = SUBCOMMANDS.map((s) => `• ${usageLine(s)} — ${USAGE[s].does}`);
  return [`*${SLASH_COMMAND}*`, ...lines, '', NUMBER_RULE].join('\n');
}

export function helpMessage(): { text: string; blocks: KnownBlock[] } {
  const text = helpText();
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
