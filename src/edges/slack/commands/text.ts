// Edge: reading the text of `/incident …` — tokens, the incident number rule, severities, free text
// and usage answers that name what was wrong (never throws). Each subcommand's parser uses these.
//
// The number rule: the incident number goes right after the subcommand's fixed arguments, written
// `#42` or `42`. Where free text may follow (status, note, resolve), a bare `42` counts only when
// nothing follows it; before text only `#42` does, so `status monitoring 5 minutes without errors`
// stays a message and never lands on incident 5.
//
// Free text (titles, messages, notes, summaries) comes back as plain text: Slack's escaping of
// `&`, `<`, `>` is undone and its mention/link tokens become readable text (`<@U1|ann>` → `@ann`).
// It is escaped again, once, when rendered.
import type { Severity } from '../../../domain/alert.js';
import { escapeMrkdwn, truncate, unescapeMrkdwn } from '../../../integrations/slack/escape.js';
import { SLASH_COMMAND } from '../../../integrations/slack/ids.js';

/** `message` is mrkdwn, already escaped: it names what was wrong and quotes the right usage line. */
export interface Usage {
  kind: 'usage';
  message: string;
}

export function isUsage(parsed: { kind: string }): parsed is Usage {
  return parsed.kind === 'usage';
}

/** `/incident ack [#N]` as inline code, escaped so `<title>` is not taken for a Slack link. */
export function usageLine(syntax: string): string {
  return `\`${escapeMrkdwn(`${SLASH_COMMAND} ${syntax}`)}\``;
}

export function usage(problem: string, syntax: string): Usage {
  return { kind: 'usage', message: `${problem}\nUsage: ${usageLine(syntax)}` };
}

export function badNumber(text: string, syntax: string): Usage {
  return usage(`\`${quote(nextToken(text)[0])}\` is not an incident number.`, syntax);
}

/** For commands whose last argument is the optional number: nothing else may follow it. */
export function endingWithNumber<T>(text: string, syntax: string, extra: string, build: (incidentNumber: number | null) => T): T | Usage {
  const [incidentNumber, tail] = readNumber(text, { beforeText: false });
  if (incidentNumber === 'invalid') return badNumber(text, syntax);
  return isBlank(tail) ? build(incidentNumber) : usage(extra, syntax);
}

/** Echoes a piece of the user's input inside a usage message: decoded, shortened, re-escaped. */
export function quote(word: string): string {
  return truncate(escapeMrkdwn(unslack(word).replace(/`/g, "'")), 40);
}

export function nextToken(text: string): [token: string, rest: string] {
  const match = /^\s*(\S+)([\s\S]*)$/.exec(text);
  return match === null ? ['', ''] : [match[1]!, match[2]!];
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** `sev1`, `sev 1`, `SEV-1`, and (where allowed) a bare `1`; null when absent, 'invalid' for `sev5`. */
export function readSeverity(text: string, opts: { bareDigit: boolean }): [Severity | null | 'invalid', string] {
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

/** `#42` or `42`; a bare number before more text is left as text when `beforeText`. */
export function readNumber(text: string, opts: { beforeText: boolean }): [number | null | 'invalid', string] {
  const [word, rest] = nextToken(text);
  const match = /^(#?)(\d+)$/.exec(word);
  if (match === null) return [null, text];
  if (match[1] === '' && opts.beforeText && !isBlank(rest)) return [null, text];
  const n = Number(match[2]);
  return n >= 1 && n <= MAX_INCIDENT_NUMBER ? [n, rest] : ['invalid', rest];
}

/** Trimmed plain text, or null when there is none. */
export function freeText(text: string): string | null {
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
