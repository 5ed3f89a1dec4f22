// Edge: `/incident unblock-ip [#N] <ip|cidr> [reason]` — request lifting an IP block.
import { targetSubcommand } from './remediation.js';

export const unblockIp = targetSubcommand({
  name: 'unblock-ip', actionKind: 'unblock_ip', param: 'ip', placeholder: '<ip|cidr>',
  does: 'request lifting an IP block',
  hint: 'unblock-ip <ip>',
  ask: 'Which IP address or CIDR should be unblocked?',
});
