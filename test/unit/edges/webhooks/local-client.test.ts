// Edge: is a request from this machine? Loopback client only — and a loopback peer forwarding for
// someone else counts only when it is a trusted proxy (then the forwarded client decides).
import { describe, expect, it } from 'vitest';
import { isLocalClient, ranges } from '../../../../src/edges/webhooks/client-address.js';

const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ headers, socket: { remoteAddress } }) as never;

describe('isLocalClient', () => {
  it('is true for a loopback peer (IPv4, IPv6, IPv4-mapped) and false for any other', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLocalClient(req(a), [])).toBe(true);
    for (const a of ['10.0.0.5', '192.0.2.1', '2001:db8::1']) expect(isLocalClient(req(a), [])).toBe(false);
  });

  it('is false for a loopback peer that forwards for someone without being a trusted proxy', () => {
    expect(isLocalClient(req('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }), [])).toBe(false);
    expect(isLocalClient(req('127.0.0.1', { forwarded: 'for=203.0.113.9' }), [])).toBe(false);
    expect(isLocalClient(req('127.0.0.1', { 'x-real-ip': '203.0.113.9' }), [])).toBe(false);
  });

  it('reads the client behind a trusted proxy', () => {
    const trusted = ranges(['127.0.0.1']);
    expect(isLocalClient(req('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }), trusted)).toBe(true);
    expect(isLocalClient(req('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), trusted)).toBe(false);
    expect(isLocalClient(req('10.0.0.2', { 'x-forwarded-for': '127.0.0.1' }), trusted)).toBe(false);
  });
});
