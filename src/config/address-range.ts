// Config: an IP address or CIDR range as written in firebreak.yaml (`10.0.0.0/8`, `192.0.2.7`,
// `2001:db8::/32`) → a range ipaddr.js can match. Strict forms only: `10` or `0x0a.1` are not
// addresses an operator means to write.
import ipaddr from 'ipaddr.js';

export type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type AddressRange = readonly [Address, number];

/** An address as seen on a socket or in X-Forwarded-For; IPv4-mapped IPv6 (`::ffff:10.1.2.3`) becomes IPv4. Null if not one. */
export function parseAddress(text: string | undefined): Address | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!ipaddr.IPv4.isValidFourPartDecimal(t) && !ipaddr.IPv6.isValid(t)) return null;
  return ipaddr.process(t);
}

/** `10.0.0.0/8`, or a single address (its own /32 or /128). Null if neither. */
export function parseRange(text: string): AddressRange | null {
  const t = text.trim();
  let range: [Address, number];
  if (t.includes('/')) {
    if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(t) && !ipaddr.IPv6.isValidCIDR(t)) return null;
    range = ipaddr.parseCIDR(t);
  } else {
    const address = parseAddress(t);
    if (address === null) return null;
    range = [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  const [address, bits] = range;
  // `::ffff:10.0.0.0/104` means IPv4 10.0.0.0/8: addresses are matched as IPv4 once processed.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

export function inRanges(address: Address, ranges: readonly AddressRange[]): boolean {
  return ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}
