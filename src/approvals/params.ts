// Approvals: a request's parameters — which ones each kind takes, their hash (what an approval binds
// to), and the check made at request time and again just before execution.
import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
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

export type TargetCheck = { ok: true; params: Record<string, string> } | { ok: false; reason: string };

export interface TargetRules {
  /** IPs/CIDRs or accounts this action refuses. */
  protected: readonly string[];
}

/**
 * MINIMAL INTERIM CHECK, replaced by `validateTarget` (src/approvals/validate.ts, the executors
 * branch) once it lands: required parameters present; for IPs one address or CIDR, public unicast,
 * no wider than /24 (IPv4) or /48 (IPv6), not inside a protected entry; accounts not protected.
 */
export function checkTarget(kind: ActionKindName, params: Record<string, string>, rules: TargetRules): TargetCheck {
  for (const name of REQUIRED_PARAMS[kind]) {
    if (!params[name]?.trim()) return { ok: false, reason: `${name} is required` };
  }
  if (kind === 'block_ip' || kind === 'unblock_ip') return checkIp(params, rules, kind === 'block_ip');
  if (kind === 'disable_account' && rules.protected.some((p) => p.toLowerCase() === params.account!.trim().toLowerCase())) {
    return { ok: false, reason: `${params.account} is a protected account` };
  }
  return { ok: true, params };
}

function checkIp(params: Record<string, string>, rules: TargetRules, blocking: boolean): TargetCheck {
  const text = params.ip!.trim();
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  try {
    if (text.includes('/')) [addr, prefix] = ipaddr.parseCIDR(text);
    else {
      if (!ipaddr.isValid(text)) return { ok: false, reason: `${text} is not an IP address or CIDR` };
      addr = ipaddr.parse(text);
      prefix = addr.kind() === 'ipv4' ? 32 : 128;
    }
  } catch {
    return { ok: false, reason: `${text} is not an IP address or CIDR` };
  }
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
    prefix = Math.max(0, prefix - 96);
  }
  const v4 = addr.kind() === 'ipv4';
  const normal = prefix === (v4 ? 32 : 128) ? addr.toString() : `${networkOf(addr, prefix)}/${prefix}`;
  if (!blocking) return { ok: true, params: { ...params, ip: normal } };
  const range = addr.range();
  if (range !== 'unicast') return { ok: false, reason: `${text} is in a ${range} range, not a public address` };
  if (prefix < (v4 ? 24 : 48)) return { ok: false, reason: `${text} is wider than /${v4 ? 24 : 48}` };
  for (const entry of rules.protected) {
    if (overlaps(addr, prefix, entry)) return { ok: false, reason: `${text} is protected (${entry})` };
  }
  return { ok: true, params: { ...params, ip: normal } };
}

function networkOf(addr: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  return addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`).toString() : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${prefix}`).toString();
}

/** The requested range and a protected entry share any address. */
function overlaps(addr: ipaddr.IPv4 | ipaddr.IPv6, prefix: number, entry: string): boolean {
  try {
    const [p, pl] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128];
    if (p.kind() !== addr.kind()) return false;
    return prefix >= pl ? addr.match(p, pl) : p.match(addr, prefix);
  } catch {
    return false;
  }
}
