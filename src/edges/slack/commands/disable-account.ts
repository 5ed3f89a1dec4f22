// Edge: `/incident disable-account [#N] <user id|email> [reason]` — request to disable an account.
import { targetSubcommand } from './remediation.js';

export const disableAccount = targetSubcommand({
  name: 'disable-account', actionKind: 'disable_account', param: 'account', placeholder: '<user id|email>',
  does: 'request to disable an account (refuses protected accounts)',
  hint: 'disable-account <user|email> [reason]',
  ask: 'Which account (user id or email)?',
});
