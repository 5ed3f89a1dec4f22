// Approvals: is this target something remediation may touch? Pure: an action's kind and parameters +
// the configured TargetRules → the parameters normalised, or one human line saying why not. Checked
// when a request is made and again just before it runs (a protected list may have changed).
import ipaddr from 'ipaddr.js';
import type { AddressRange, Address } from '../config/address-range.js';
import type { TargetRules } from '../config/remediation-schema.js';
import type { ActionKind } from '../effects/ports.js';

/** The parameter each kind's target is named by. */
export const TARGET_PARAM = { ip: 'ip', account: 'account' } as const;

export type TargetCheck = { ok: true; params: Record<string, string> } | { ok: false; reason: string };

type SpecialRanges = Record<string, [Address, number] | Array<[Address, number]>>;

/** ipaddr.js's own table of special-purpose ranges (everything its `range()` does not call unicast). */
function specialRanges(kind: 'ipv4' | 'ipv6'): Array<{ name: string; range: AddressRange }> {
  const table = (kind === 'ipv4' ? ipaddr.IPv4.prototype : ipaddr.IPv6.prototype) as unknown as { SpecialRanges: SpecialRanges };
  return Object.entries(table.SpecialRanges).flatMap(([name, entry]) => {
    const list = (Array.isArray(entry[0]) ? entry : [entry]) as Array<[Address, number]>;
    return list.map((range) => ({ name, range }));
  });
}

const SPECIAL = { ipv4: specialRanges('ipv4'), ipv6: specialRanges('ipv6') };

/** What each special range is, in words a responder reads. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'the unspecified address range',
  broadcast: 'the broadcast address',
  multicast: 'a multicast range',
  linkLocal: 'a link-local range',
  loopback: 'a loopback range',
  carrierGradeNat: 'the carrier-grade NAT range (shared address space)',
  private: 'a private network range',
  uniqueLocal: 'a unique-local (private) range',
  reserved: 'a reserved or documentation range',
  benchmarking: 'the benchmarking range',
  as112: 'an AS112 (DNS sink) range',
  as112v6: 'an AS112 (DNS sink) range',
  amt: 'the AMT (multicast tunnelling) range',
  ipv4Mapped: 'the IPv4-mapped range',
  rfc6145: 'the IPv4-translated range',
  rfc6052: 'the NAT64 range',
  '6to4': 'the 6to4 relay range',
  teredo: 'the Teredo range',
  discard: 'the discard-only range',
  deprecatedSiteLocal: 'the deprecated site-local range',
  deprecatedOrchid: 'the ORCHID range',
  orchid2: 'the ORCHIDv2 range',
  droneRemoteIdProtocolEntityTags: 'the drone remote ID range',
  segmentRouting: 'the segment routing range',
};

const show = ([address, bits]: AddressRange) => `${address.toString()}/${bits}`;

/** Two ranges share an address: the wider one contains the other's network address. */
export function overlaps(a: AddressRange, b: AddressRange): boolean {
  if (a[0].kind() !== b[0].kind()) return false;
  const [wide, narrow] = a[1] <= b[1] ? [a, b] : [b, a];
  return narrow[0].match(wide[0], wide[1]);
}

/**
 * An address or CIDR as typed → its canonical range: host bits cleared, IPv6 in its shortest form,
 * IPv4-mapped IPv6 as the IPv4 it is. Null (with why) when it is neither.
 */
export function parseTargetRange(text: string): { ok: true; range: AddressRange } | { ok: false; reason: string } {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addressText = slash < 0 ? t : t.slice(0, slash);
  const isV4 = ipaddr.IPv4.isValidFourPartDecimal(addressText);
  if (!isV4 && !ipaddr.IPv6.isValid(addressText)) return { ok: false, reason: `${JSON.stringify(t)} is not an IP address or CIDR range (like 203.0.113.7 or 2001:db8::/48)` };
  let address: Address = isV4 ? ipaddr.IPv4.parse(addressText) : ipaddr.IPv6.parse(addressText);
  const full = address.kind() === 'ipv4' ? 32 : 128;
  let bits = full;
  if (slash >= 0) {
    const prefix = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > full) return { ok: false, reason: `${JSON.stringify(t)} has a prefix length that is not 0–${full}` };
    bits = Number(prefix);
  }
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    if (bits < 96) return { ok: false, reason: `${t} mixes IPv4-mapped and other IPv6 addresses: write the IPv4 range` };
    address = (address as ipaddr.IPv6).toIPv4Address();
    bits -= 96;
  }
  return { ok: true, range: [networkOf(address, bits), bits] };
}

function networkOf(address: Address, bits: number): Address {
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes);
}

/** `203.0.113.7` for a single address, `203.0.113.0/24` for a range. */
export function formatTargetRange([address, bits]: AddressRange): string {
  const full = address.kind() === 'ipv4' ? 32 : 128;
  return bits === full ? address.toString() : `${address.toString()}/${bits}`;
}

function checkIp(text: string | undefined, rules: TargetRules, blocking: boolean): { ok: true; value: string } | { ok: false; reason: string } {
  if (text === undefined || text.trim() === '') return { ok: false, reason: 'no IP address given (expected an address or CIDR range, like 203.0.113.7 or 2001:db8::/48)' };
  const parsed = parseTargetRange(text);
  if (!parsed.ok) return parsed;
  const range = parsed.range;
  const shown = formatTargetRange(range);
  const [address, bits] = range;
  const v4 = address.kind() === 'ipv4';

  const special = SPECIAL[v4 ? 'ipv4' : 'ipv6'].find((s) => overlaps(range, s.range));
  if (special) {
    const words = RANGE_WORDS[special.name] ?? `the special-purpose ${special.name} range`;
    const within = bits >= special.range[1];
    return { ok: false, reason: `${shown} ${within ? 'is in' : 'overlaps'} ${words} (${show(special.range)}): only public internet addresses can be blocked` };
  }

  // Lifting a block is always allowed (a block made before the lists or widths changed must still come off).
  if (!blocking) return { ok: true, value: shown };
  const widest = v4 ? rules.maxPrefix.v4 : rules.maxPrefix.v6;
  if (bits < widest) {
    return { ok: false, reason: `${shown} is wider than a /${widest} (the widest ${v4 ? 'IPv4' : 'IPv6'} block allowed; remediation.max_prefix.${v4 ? 'v4' : 'v6'} changes it)` };
  }

  const hit = rules.protectedIps.find((p) => overlaps(range, p.range));
  if (hit) {
    const list = hit.list === null ? 'the protected list' : `the protected list "${hit.list}"`;
    return { ok: false, reason: `${shown} ${bits >= hit.range[1] ? 'is on' : 'overlaps'} ${list} (${hit.text}): it is never blocked` };
  }
  return { ok: true, value: shown };
}

function checkAccount(text: string | undefined, rules: TargetRules, disabling: boolean): { ok: true; value: string } | { ok: false; reason: string } {
  const value = text?.trim() ?? '';
  if (value === '') return { ok: false, reason: 'no account given (expected a user id or an email address)' };
  if (/\s/.test(value)) return { ok: false, reason: `${JSON.stringify(value)} is not an account id or email (it contains spaces)` };
  const normalised = value.includes('@') ? value.toLowerCase() : value;
  if (disabling && rules.protectedAccounts.includes(value.toLowerCase())) {
    return { ok: false, reason: `${normalised} is a protected account: it is never disabled` };
  }
  return { ok: true, value: normalised };
}

/**
 * Validates (and normalises) a request's target. block_ip/unblock_ip read `ip`; disable_account and
 * enable_account read `account`. Only blocking and disabling are judged against the width limit and
 * the protected lists: lifting a block or enabling an account is always allowed, so a block made
 * before a list changed (or the TTL lift of one) still comes off. Special ranges are refused for both:
 * they can never have been blocked.
 * rollback and run carry no target this module judges: their parameters pass through unchanged.
 */
export function validateTarget(kind: ActionKind, params: Record<string, string>, rules: TargetRules): TargetCheck {
  switch (kind) {
    case 'block_ip':
    case 'unblock_ip': {
      const r = checkIp(params[TARGET_PARAM.ip], rules, kind === 'block_ip');
      return r.ok ? { ok: true, params: { ...params, [TARGET_PARAM.ip]: r.value } } : r;
    }
    case 'disable_account':
    case 'enable_account': {
      const r = checkAccount(params[TARGET_PARAM.account], rules, kind === 'disable_account');
      return r.ok ? { ok: true, params: { ...params, [TARGET_PARAM.account]: r.value } } : r;
    }
    case 'rollback':
    case 'run':
      return { ok: true, params: { ...params } };
  }
}
