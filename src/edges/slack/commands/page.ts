// Edge: `/incident page <@user|@group|policy>… [#N]` — page more people (or a policy's first level)
// without changing the escalation level.
import { SLACK_GROUP_ID_SOURCE, SLACK_USER_ID_SOURCE } from '../../../domain/slack-ids.js';
import { changeIncident, defineSubcommand } from './subcommand.js';
import { badNumber, isBlank, nextToken, quote, readNumber, usage } from './text.js';

const syntax = 'page <@user|@group|policy>… [#N]';
/** A policy name as written under escalation.policies (checked against config when applied). */
const POLICY_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const USER_MENTION = new RegExp(`^<@(${SLACK_USER_ID_SOURCE})(?:\\|[^<>]*)?>$`);
const GROUP_MENTION = new RegExp(`^<!subteam\\^(${SLACK_GROUP_ID_SOURCE})(?:\\|[^<>]*)?>$`);

/** `users`: Slack user and user group ids from mentions; `policies`: names. */
export const page = defineSubcommand<{ kind: 'page'; users: string[]; policies: string[]; incidentNumber: number | null }>({
  name: 'page',
  syntax,
  does: "page more people, or a policy's first level, without changing the escalation level",
  hint: 'page <@user|@group|policy>',
  parse(rest) {
    const users: string[] = [];
    const policies: string[] = [];
    let text = rest;
    let incidentNumber: number | null = null;
    for (;;) {
      const [word, after] = nextToken(text);
      if (word === '') break;
      const mention = USER_MENTION.exec(word) ?? GROUP_MENTION.exec(word);
      const number = /^#?\d+$/.test(word) && isBlank(after) ? readNumber(word, { beforeText: false })[0] : null;
      if (mention !== null) users.push(mention[1]!);
      else if (number === 'invalid') return badNumber(word, syntax);
      else if (number !== null) incidentNumber = number;
      else if (POLICY_NAME.test(word)) policies.push(word);
      else return usage(`\`${quote(word)}\` is not a person (mention them with @), a user group or a policy name.`, syntax);
      text = after;
    }
    if (users.length + policies.length === 0) return usage('Whom should I page? Mention people with @, or name an escalation policy.', syntax);
    return { kind: 'page', users: [...new Set(users)], policies: [...new Set(policies)], incidentNumber };
  },
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'page', targets: c.users, policies: c.policies }),
});
