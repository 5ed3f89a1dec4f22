// Edge: `/incident followup [#N] <text> [@owner] [due <YYYY-MM-DD>]` — a follow-up on the incident
// (stored, on the timeline and the summary, in the post-mortem); `/incident followup done <id>`
// marks one done, as the summary's Done button does.
import { escapeMrkdwn, truncate } from '../../../integrations/slack/escape.js';
import { notFoundAnswer } from '../answers.js';
import { followupDoneAnswer } from '../actions/followup-done.js';
import { SORRY } from '../reply.js';
import { defineSubcommand } from './subcommand.js';
import { badNumber, freeText, readNumber, usage } from './text.js';

const syntax = 'followup [#N] <text> [@owner] [due <YYYY-MM-DD>] | followup done <id>';
const MAX_TEXT = 2000;

type Parsed =
  | { kind: 'followup'; incidentNumber: number | null; text: string; owner: string | null; due: string | null }
  | { kind: 'followup-done'; id: number };

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

// Slack sends a mention as <@U123|name> (should_escape: true) or <@U123>.
const OWNER = /\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*$/;
const DUE = /\s+due\s+(\S+)\s*$/i;

/** Takes `due <date>` and the owner's mention off the end, in either order. */
function trailing(text: string): { text: string; owner: string | null; due: string | null | 'invalid' } {
  let rest = ` ${text}`;
  let owner: string | null = null;
  let due: string | null | 'invalid' = null;
  for (let i = 0; i < 2; i++) {
    const d: RegExpExecArray | null = due === null ? DUE.exec(rest) : null;
    if (d) {
      due = isCalendarDate(d[1]!) ? d[1]! : 'invalid';
      rest = rest.slice(0, d.index);
      continue;
    }
    const o: RegExpExecArray | null = owner === null ? OWNER.exec(rest) : null;
    if (o) {
      owner = o[1]!;
      rest = rest.slice(0, o.index);
    }
  }
  return { text: rest, owner, due };
}

export const followup = defineSubcommand<Parsed>({
  name: 'followup',
  aliases: ['follow-up'],
  syntax,
  does: 'add a follow-up (owner and due date optional), or mark one done',
  hint: 'followup <text> [@owner] [due <date>]',
  parse(rest) {
    const done = /^\s*done\s+#?(\d+)\s*$/i.exec(rest);
    if (done) return { kind: 'followup-done', id: Number(done[1]) };
    const [incidentNumber, after] = readNumber(rest, { beforeText: true });
    if (incidentNumber === 'invalid') return badNumber(rest, syntax);
    const t = trailing(after);
    if (t.due === 'invalid') return usage('The due date must be a date written YYYY-MM-DD, e.g. `due 2026-12-15`.', syntax);
    const text = freeText(t.text);
    if (text === null) return usage('What is the follow-up?', syntax);
    if (text.length > MAX_TEXT) return usage(`A follow-up is at most ${MAX_TEXT} characters.`, syntax);
    return { kind: 'followup', incidentNumber, text, owner: t.owner, due: t.due };
  },
  async run(c, ctx) {
    if (c.kind === 'followup-done') return followupDoneAnswer(c.id, await ctx.reports.followups.markDone(c.id, ctx.actor));
    const found = await ctx.incidents.find(c.incidentNumber !== null ? { number: c.incidentNumber } : { channel: ctx.channel });
    if (!found.ok) return notFoundAnswer(found);
    const added = await ctx.reports.followups.add(found.incident.view.id, { text: c.text, owner: c.owner, due: c.due }, ctx.actor);
    if (added === null) return SORRY;
    const owner = added.owner ? ` · owner <@${added.owner}>` : '';
    const due = added.due ? ` · due ${added.due}` : '';
    return `Follow-up #${added.id} added to incident #${found.incident.view.number}: ${escapeMrkdwn(truncate(added.text, 500))}${owner}${due}`;
  },
});
