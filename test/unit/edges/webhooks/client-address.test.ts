import { describe, expect, it } from 'vitest';
import { inRanges, parseAddress, parseRange } from '../../../../src/config/address-range.js';
import { clientAddress, ranges } from '../../../../src/edges/webhooks/client-address.js';

const request = (remoteAddress: string | undefined, xff?: string | string[]) => ({
  socket: { remoteAddress } as never,
  headers: xff === undefined ? {} : { 'x-forwarded-for': xff as string },
});
const text = (a: ReturnType<typeof clientAddress>) => a?.toString() ?? null;

describe('address ranges as written in firebreak.yaml', () => {
  it('reads CIDR ranges and single addresses, IPv4 and IPv6', () => {
    expect(parseRange('10.0.0.0/8')?.[1]).toBe(8);
    expect(parseRange('192.0.2.7')?.[1]).toBe(32);
    expect(parseRange('2001:db8::/32')?.[1]).toBe(32);
    expect(parseRange('::1')?.[1]).toBe(128);
  });

  it('refuses loose or broken forms', () => {
    for (const bad of ['10', '0x0a.0.0.1', '10.0.0.0/33', '10.0.0/8', 'example.com', '', '10.0.0.1/', '*']) expect(parseRange(bad)).toBeNull();
  });

  it('matches IPv4 clients seen on a dual-stack socket as ::ffff:a.b.c.d, also against a mapped range', () => {
    const client = parseAddress('::ffff:10.1.2.3')!;
    expect(inRanges(client, [parseRange('10.0.0.0/8')!])).toBe(true);
    expect(inRanges(client, [parseRange('::ffff:10.0.0.0/104')!])).toBe(true);
    expect(inRanges(client, [parseRange('11.0.0.0/8')!, parseRange('2001:db8::/32')!])).toBe(false);
  });
});

describe('clientAddress', () => {
  const proxies = ranges(['127.0.0.1', '10.0.0.0/8']);

  it("is the connection's address when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(text(clientAddress(request('192.0.2.50', '10.9.9.9'), []))).toBe('192.0.2.50');
  });

  it('ignores X-Forwarded-For from a connection that is not a trusted proxy', () => {
    expect(text(clientAddress(request('192.0.2.50', '10.9.9.9'), proxies))).toBe('192.0.2.50');
  });

  it('reads X-Forwarded-For from the right, past trusted proxies, and never believes what the client wrote left of that', () => {
    // The client claims 10.9.9.9; our proxy appended the address it really saw (203.0.113.5).
    expect(text(clientAddress(request('127.0.0.1', '10.9.9.9, 203.0.113.5'), proxies))).toBe('203.0.113.5');
    // Two of our proxies in a row.
    expect(text(clientAddress(request('127.0.0.1', ['198.51.100.1', '10.0.0.7']), proxies))).toBe('198.51.100.1');
  });

  it('is the last trusted proxy when every hop is trusted, and unknown when a hop cannot be read', () => {
    expect(text(clientAddress(request('127.0.0.1', '10.0.0.7'), proxies))).toBe('10.0.0.7');
    expect(text(clientAddress(request('127.0.0.1', '203.0.113.5:443'), proxies))).toBeNull();
    expect(text(clientAddress(request(undefined), proxies))).toBeNull();
  });
});
