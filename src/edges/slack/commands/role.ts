// Edge: `/incident role <commander|scribe|comms> @user [#N]` — assign a role (the person is invited).
import { ROLES, type Role } from '../../../domain/incident.js';
import { SLACK_USER_ID_SOURCE } from '../../../domain/slack-ids.js';
import { changeIncident, defineSubcommand } from './subcommand.js';
import { endingWithNumber, nextToken, quote, usage } from './text.js';

const syntax = 'role <commander|scribe|comms> @user [#N]';
const MENTION = new RegExp(`^\\s*<@(${SLACK_USER_ID_SOURCE})(?:\\|[^<>]*)?>`);

export const role = defineSubcommand<{ kind: 'role'; role: Role; userId: string; incidentNumber: number | null }>({
  name: 'role',
  syntax,
  does: 'assign a role',
  hint: 'role <role> @user',
  parse(rest) {
    const [word, afterRole] = nextToken(rest);
    const role = ROLES.find((r) => r === word.toLowerCase());
    if (role === undefined) return usage(word === '' ? 'Which role?' : `\`${quote(word)}\` is not a role.`, syntax);
    const mention = MENTION.exec(afterRole);
    if (mention === null) return usage('Mention the person with @ so Slack sends their user id (the command escapes user names).', syntax);
    const userId = mention[1]!;
    return endingWithNumber(afterRole.slice(mention[0].length), syntax, 'Only an incident number may follow the person.', (incidentNumber) => ({
      kind: 'role' as const, role, userId, incidentNumber,
    }));
  },
  run: (c, ctx) => changeIncident(ctx, c.incidentNumber, { kind: 'role', role: c.role, user: c.userId }),
});
