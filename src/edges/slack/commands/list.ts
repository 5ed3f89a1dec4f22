// Edge: `/incident list` — the open incidents, in any channel.
import { escapeMrkdwn } from '../../../integrations/slack/escape.js';
import { defineSubcommand } from './subcommand.js';
import { isBlank, usage } from './text.js';

const syntax = 'list';
const MAX_LISTED = 30;

export const list = defineSubcommand<{ kind: 'list' }>({
  name: 'list',
  syntax,
  does: 'list open incidents',
  hint: 'list',
  parse: (rest) => (isBlank(rest) ? { kind: 'list' } : usage('`list` takes no arguments.', syntax)),
  async run(_c, ctx) {
    const open = await ctx.incidents.list(true);
    if (open.length === 0) return 'No open incidents. 🌤';
    const lines = open.slice(0, MAX_LISTED).map((i) => {
      const channel = i.external.slack ? ` <#${i.external.slack}>` : '';
      return `• *#${i.number}* ${i.severity.toUpperCase()} · ${i.status} · ${escapeMrkdwn(i.title)}${channel}`;
    });
    return [`*Open incidents (${open.length})*`, ...lines].join('\n');
  },
});
