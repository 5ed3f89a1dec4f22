// Edge: `/incident help` (and an empty `/incident`) — every subcommand's usage line.
import { defineSubcommand } from './subcommand.js';

export const help = defineSubcommand<{ kind: 'help' }>({
  name: 'help',
  aliases: ['?'],
  syntax: 'help',
  does: 'show this help',
  hint: 'help',
  // Anything after `help` is ignored: `/incident help me` is help.
  parse: () => ({ kind: 'help' }),
  run: async (_c, ctx) => ctx.help(),
});
