// Edge: `/incident enable-account [#N] <user id|email> [reason]` — request to enable an account again.
import { targetSubcommand } from './remediation.js';

export const enableAccount = targetSubcommand({
  name: 'enable-account', actionKind: 'enable_account', param: 'account', placeholder: '<user id|email>',
  does: 'request to enable an account again',
  hint: 'enable-account <user|email> [reason]',
  ask: 'Which account (user id or email)?',
});
