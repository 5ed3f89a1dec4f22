// Edge: the text of `/incident …` → a command, or a usage answer naming what was wrong (never throws)
import type { Severity } from '../../../domain/alert.js';
import { ROLES, UPDATE_STATUSES, type Role, type UpdateStatus } from '../../../domain/incident.js';
import { escapeMrkdwn, truncate, unescapeMrkdwn } from '../../../integrations/slack/escape.js';
import { SUBCOMMANDS, usageLine, type Subcommand } from '../../../integrations/slack/blocks/help.js';
import { TITLE_MAX } from '../../../integrations/slack/blocks/modals.js';

/**
 * `incidentNumber: null` means "the incident of the channel the command was typed in".
 *
 * The number rule: the incident number goes right after the subcommand's fixed arguments, written
 * `#42` or `42`. Where free text may follow (status, note, resolve), a bare `42` counts only when
 * nothing follows it; before text only `#42` does, so `status monitoring 5 minutes without errors`
 * stays a message and never lands on incident 5.
 *
 * Free text (titles, messages, notes, summaries) comes back as plain text: Slack's escaping of
 * `&`, `<`, `>` is undone and its mention/link tokens become readable text (`<@U1|ann>` → `@ann`).
 * It is escaped again, once, when rendered.
 */
export type Command =
  | { kind: 'declare'; severity: Severity | null; title: string }
  | { kind: 'declare-modal'; severity: Severity | null }
  | { kind: 'ack'; incidentNumber: number | null }
  | { kind: 'status'; status: UpdateStatus; incidentNumber: number | null; message: string | null }
  | { kind: 'sev'; severity: Severity; incidentNumber: number | null }
  | { kind: 'role'; role: Role; userId: string; incidentNumber: number | null }
  | { kind: 'note'; text: string; incidentNumber: number | null }
  | { kind: 'resolve'; summary: string; incidentNumber: number | null }
  | { kind: 'resolve-modal'; incidentNumber: number | null }
  | { kind: 'close'; incidentNumber: number | null }
  | { kind: 'escalate'; reason: string | null; incidentNumber: number | null }
  /** `users`: Slack user and user group ids from mentions; `policies`: names, resolved against config by the handler. */
  | { kind: 'page'; users: string[]; policies: string[]; incidentNumber: number | null }
  | { kind: 'postmortem'; decision: 'done' | 'dismissed'; incidentNumber: number | null }
  | { kind: 'list' }
  | { kind: 'help' };

/** `message` is mrkdwn, already escaped: it names what was wrong and quotes the right usage line. */
export type ParsedCommand = Command | { kind: 'usage'; message: string };

// A Map, not an object: a subcommand named `__proto__` must not find Object.prototype.
const ALIASES = new Map<string, Subcommand>([['acknowledge', 'ack'], ['severity', 'sev'], ['?', 'help']]);

export function parseCommand(text: string): ParsedCommand {
  const [word, rest] = nextToken(text);
  if (word === '') return { kind: 'help' };
  const lowered = word.toLowerCase();
  const sub = ALIASES.get(lowered) ?? SUBCOMMANDS.find((s) => s === lowered);
  if (sub === undefined) {
    return usage(`I don't know \`${quote(word)}\`. Try one of: ${SUBCOMMANDS.join(', ')}.`, 'help');
  }
  return PARSERS[sub](rest);
}

const PARSERS: Record<Subcommand, (rest: string) => ParsedCommand> = {
  declare(rest) {
    const [severity, afterSeverity] = readSeverity(rest, { bareDigit: true });
    if (severity === 'invalid') return usage('Severity is sev1 to sev4.', 'declare');
    const title = freeText(afterSeverity);
    if (title === null) return { kind: 'declare-modal', severity };
    if (title.length > TITLE_MAX) return usage(`The title is ${title.length} characters; keep it to ${TITLE_MAX}.`, 'declare');
    return { kind: 'declare', severity, title };
  },
  ack(rest) {
    return endingWithNumber(rest, 'ack', 'Only an incident number may follow `ack`.', (incidentNumber) => ({ kind: 'ack', incidentNumber }));
  },
  status(rest) {
    const [word, after] = nextToken(rest);
    const status = UPDATE_STATUSES.find((s) => s === word.toLowerCase());
    if (status === undefined) {
      return usage(word === '' ? 'Which status?' : `\`${quote(word)}\` is not a status this command sets.`, 'status');
    }
    const [incidentNumber, message] = readNumber(after, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(after, 'status');
    return { kind: 'status', status, incidentNumber, message: freeText(message) };
  },
  sev(rest) {
    const [severity, after] = readSeverity(rest, { bareDigit: true });
    if (severity === null || severity === 'invalid') return usage('Give a severity from 1 to 4.', 'sev');
    return endingWithNumber(after, 'sev', 'Only an incident number may follow the severity.', (incidentNumber) => ({
      kind: 'sev', severity, incidentNumber,
    }));
  },
  role(rest) {
    const [word, afterRole] = nextToken(rest);
    const role = ROLES.find((r) => r === word.toLowerCase());
    if (role === undefined) return usage(word === '' ? 'Which role?' : `\`${quote(word)}\` is not a role.`, 'role');
    const mention = /^\s*<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/.exec(afterRole);
    if (mention === null) {
      return usage('Mention the person with @ so Slack sends their user id (the command escapes user names).', 'role');
    }
    const userId = mention[1]!;
    return endingWithNumber(afterRole.slice(mention[0].length), 'role', 'Only an incident number may follow the person.', (incidentNumber) => ({
      kind: 'role', role, userId, incidentNumber,
    }));
  },
  note(rest) {
    const [incidentNumber, after] = readNumber(rest, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(rest, 'note');
    const text = freeText(after);
    if (text === null) return usage('What should the note say?', 'note');
    return { kind: 'note', text, incidentNumber };
  },
  resolve(rest) {
    const [incidentNumber, after] = readNumber(rest, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(rest, 'resolve');
    const summary = freeText(after);
    return summary === null ? { kind: 'resolve-modal', incidentNumber } : { kind: 'resolve', summary, incidentNumber };
  },
  escalate(rest) {
    const [incidentNumber, after] = readNumber(rest, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(rest, 'escalate');
    return { kind: 'escalate', reason: freeText(after), incidentNumber };
  },
  page(rest) {
    const users: string[] = [];
    const policies: string[] = [];
    let text = rest;
    let incidentNumber: number | null = null;
    for (;;) {
      const [word, after] = nextToken(text);
      if (word === '') break;
      const mention = /^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$/.exec(word) ?? /^<!subteam\^(S[A-Z0-9]+)(?:\|[^<>]*)?>$/.exec(word);
      const number = /^#?\d+$/.test(word) && isBlank(after) ? readNumber(word, { beforeText: false })[0] : null;
      if (mention !== null) users.push(mention[1]!);
      else if (number === 'invalid') return badNumber(word, 'page');
      else if (number !== null) incidentNumber = number;
      else if (POLICY_NAME.test(word)) policies.push(word);
      else return usage(`\`${quote(word)}\` is not a person (mention them with @), a user group or a policy name.`, 'page');
      text = after;
    }
    if (users.length + policies.length === 0) return usage('Whom should I page? Mention people with @, or name an escalation policy.', 'page');
    return { kind: 'page', users: [...new Set(users)], policies: [...new Set(policies)], incidentNumber };
  },
  postmortem(rest) {
    const [word, after] = nextToken(rest);
    const decision = word.toLowerCase() === 'done' ? 'done' : word.toLowerCase() === 'dismiss' ? 'dismissed' : null;
    if (decision === null) return usage(word === '' ? 'Done or dismiss?' : `\`${quote(word)}\` is neither done nor dismiss.`, 'postmortem');
    return endingWithNumber(after, 'postmortem', 'Only an incident number may follow `done` or `dismiss`.', (incidentNumber) => ({
      kind: 'postmortem', decision, incidentNumber,
    }));
  },
  close(rest) {
    return endingWithNumber(rest, 'close', 'Only an incident number may follow `close`.', (incidentNumber) => ({ kind: 'close', incidentNumber }));
  },
  list(rest) {
    return isBlank(rest) ? { kind: 'list' } : usage('`list` takes no arguments.', 'list');
  },
  help() {
    return { kind: 'help' };
  },
};

function usage(problem: string, subcommand: Subcommand): ParsedCommand {
  return { kind: 'usage', message: `${problem}\nUsage: ${usageLine(subcommand)}` };
}

function badNumber(text: string, subcommand: Subcommand): ParsedCommand {
  return usage(`\`${quote(nextToken(text)[0])}\` is not an incident number.`, subcommand);
}

/** For commands whose last argument is the optional number: nothing else may follow it. */
function endingWithNumber(
  text: string, subcommand: Subcommand, extra: string, build: (incidentNumber: number | null) => Command,
): ParsedCommand {
  const [incidentNumber, tail] = readNumber(text, { beforeText: false });
  if (incidentNumber === 'invalid') return badNumber(text, subcommand);
  return isBlank(tail) ? build(incidentNumber) : usage(extra, subcommand);
}

/** Echoes a piece of the user's input inside a usage message: decoded, shortened, re-escaped. */
function quote(word: string): string {
  return truncate(escapeMrkdwn(unslack(word).replace(/`/g, "'")), 40);
}

function nextToken(text: string): [token: string, rest: string] {
  const match = /^\s*(\S+)([\s\S]*)$/.exec(text);
  return match === null ? ['', ''] : [match[1]!, match[2]!];
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** `sev1`, `sev 1`, `SEV-1`, and (where allowed) a bare `1`; null when absent, 'invalid' for `sev5`. */
function readSeverity(text: string, opts: { bareDigit: boolean }): [Severity | null | 'invalid', string] {
  const match = /^\s*sev[\s-]*(\d+)(?=\s|$)/i.exec(text);
  if (match !== null) {
    const level = /^[1-4]$/.test(match[1]!) ? (`sev${match[1]}` as Severity) : 'invalid';
    return [level, text.slice(match[0].length)];
  }
  const [word, rest] = nextToken(text);
  if (opts.bareDigit && /^[1-4]$/.test(word)) return [`sev${word}` as Severity, rest];
  return [null, text];
}

const MAX_INCIDENT_NUMBER = 2_147_483_647;

/** A policy name as written under escalation.policies (checked against config by the handler). */
const POLICY_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** `#42` or `42`; a bare number before more text is left as text when `beforeText`. */
function readNumber(text: string, opts: { beforeText: boolean }): [number | null | 'invalid', string] {
  const [word, rest] = nextToken(text);
  const match = /^(#?)(\d+)$/.exec(word);
  if (match === null) return [null, text];
  if (match[1] === '' && opts.beforeText && !isBlank(rest)) return [null, text];
  const n = Number(match[2]);
  return n >= 1 && n <= MAX_INCIDENT_NUMBER ? [n, rest] : ['invalid', rest];
}

/** Trimmed plain text, or null when there is none. */
function freeText(text: string): string | null {
  const plain = unslack(text).trim();
  return plain === '' ? null : plain;
}

/**
 * Slack sends command text escaped (`&amp;`, `&lt;`, `&gt;`) with mentions and links as tokens.
 * Turns it back into what the person typed, near enough: `<@U1|ann>` → `@ann`, `<#C1|ops>` → `#ops`,
 * `<!here>` → `@here`, `<https://x|x>` → `x`.
 */
export function unslack(text: string): string {
  const tokens = text.replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_, target: string, label: string | undefined) => {
    if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) {
      const special = target.slice(1).split('^')[0]!;
      return ['here', 'channel', 'everyone'].includes(special) ? `@${special}` : (label ?? special);
    }
    return label ?? target;
  });
  return unescapeMrkdwn(tokens);
}
