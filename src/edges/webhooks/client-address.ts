// Edge: who sent a webhook, for `sources.<name>.allow_from`. The connection's own address, unless
// it is one of `sources.trusted_proxies`: then X-Forwarded-For is read from the right (the hop our
// proxy appended) past every trusted proxy, and the first address that is not one is the client.
// Entries left of it were written by the client and are never believed.
import type { IncomingMessage } from 'node:http';
import { inRanges, parseAddress, parseRange, type Address, type AddressRange } from '../../config/address-range.js';

/** Null when the address cannot be read (then no allow list admits it). */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedProxies: readonly AddressRange[]): Address | null {
  let address = parseAddress(req.socket.remoteAddress);
  if (address === null || trustedProxies.length === 0) return address;
  const forwarded = req.headers['x-forwarded-for'];
  // node:http joins repeated X-Forwarded-For headers with ", ", in the order received.
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((h) => h.trim()).filter((h) => h !== '');
  while (inRanges(address, trustedProxies) && hops.length > 0) {
    address = parseAddress(hops.pop());
    if (address === null) return null;
  }
  return address;
}

const compiled = new WeakMap<readonly string[], AddressRange[]>();

/** Config keeps ranges as text (it is cloned on reload); each list is parsed once. */
export function ranges(list: readonly string[]): AddressRange[] {
  let out = compiled.get(list);
  if (!out) {
    out = list.map(parseRange).filter((r) => r !== null);
    compiled.set(list, out);
  }
  return out;
}

/** Headers a reverse proxy adds: their presence says the loopback peer is a proxy, not the client. */
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * The request comes from this machine: the client address (past `trusted_proxies`) is a loopback
 * address. A loopback peer that forwards for someone else without being a trusted proxy (nginx on
 * the same host, not listed) is not local: what local mode opens must never open to the proxy's clients.
 */
export function isLocalClient(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedProxies: readonly AddressRange[]): boolean {
  const address = clientAddress(req, trustedProxies);
  if (address === null || address.range() !== 'loopback') return false;
  const peer = parseAddress(req.socket.remoteAddress);
  const peerIsTrustedProxy = peer !== null && trustedProxies.length > 0 && inRanges(peer, trustedProxies);
  return peerIsTrustedProxy || !PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
}
