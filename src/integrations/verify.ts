// Integrations: constant-time credential checks shared by every webhook source's verify().
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/secret.js';
import type { Headers, VerifyResult } from './webhook-source.js';

/**
 * One header's value. A repeated header arrives as an array; it is joined the way node:http joins
 * repeated custom headers, so a second value can only make a comparison fail, never pass.
 */
export function headerValue(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  return undefined;
}

/**
 * Equality whose time does not depend on where the inputs differ, nor on the secret's length:
 * both sides are hashed first, so timingSafeEqual always sees two 32-byte buffers.
 */
export function constantTimeEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Lower-case hex HMAC-SHA256 of the parts, in order, keyed with the secret's UTF-8 bytes. */
export function hmacSha256Hex(key: string, ...parts: Array<string | Buffer>): string {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

/** The replay key of signed bytes: `sha256:<hex>` of the parts, in order (see VerifyResult.signed). */
export function signedDigest(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return `sha256:${hash.digest('hex')}`;
}

/** The credentials of `Authorization: Bearer <token>` (scheme case-insensitive), or null. */
export function bearerToken(headers: Headers): string | null {
  const value = headerValue(headers, 'authorization')?.trim();
  if (!value) return null;
  const space = value.search(/[ \t]/);
  if (space < 0 || value.slice(0, space).toLowerCase() !== 'bearer') return null;
  const token = value.slice(space + 1).trim();
  return token === '' ? null : token;
}

/** A usable secret's value; an unset or empty secret never authenticates anything. */
export function revealed(secret: Secret | undefined): string | null {
  const value = secret?.reveal();
  return value ? value : null;
}

/** `Authorization: Bearer <token>` against the configured token; `name` is the env variable, for messages. */
export function verifyBearer(headers: Headers, token: Secret | undefined, name: string): VerifyResult {
  const expected = revealed(token);
  if (expected === null) return { ok: false, error: { kind: 'bad-signature', message: `${name} is not configured` } };
  if (headerValue(headers, 'authorization') === undefined) {
    return { ok: false, error: { kind: 'missing-auth', message: 'no Authorization header' } };
  }
  const given = bearerToken(headers);
  if (given === null) return { ok: false, error: { kind: 'bad-signature', message: 'Authorization is not a Bearer token' } };
  return constantTimeEqual(given, expected)
    ? { ok: true }
    : { ok: false, error: { kind: 'bad-signature', message: `the Bearer token does not match ${name}` } };
}
