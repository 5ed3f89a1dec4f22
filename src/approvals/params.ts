// Approvals: a request's parameters — which ones each kind takes, and their hash (what an approval
// binds to). Whether a target may be touched at all is validate.ts's (at request time and again just
// before execution).
import { createHash } from 'node:crypto';
import type { ActionKindName } from '../domain/approval.js';

/** What each kind needs, in the order the card shows them. */
export const REQUIRED_PARAMS: Record<ActionKindName, readonly string[]> = {
  block_ip: ['ip'],
  unblock_ip: ['ip'],
  disable_account: ['account'],
  enable_account: ['account'],
  rollback: ['service'],
  run: [],
};

/** Stable whatever the key order: sha256 over the action and the sorted parameters. */
export function paramsHash(action: string, params: Record<string, string>): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]]);
  return createHash('sha256').update(JSON.stringify([action, sorted])).digest('hex').slice(0, 32);
}
