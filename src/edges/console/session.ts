// Edge (console): signed cookies — the sign-in session, and the short-lived state + nonce of a
// sign-in in progress. A value is base64url(JSON) + "." + base64url(HMAC-SHA256); it is readable
// by whoever holds it but cannot be forged or altered without FIREBREAK_SESSION_SECRET.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'fb_session';
export const SIGN_IN_COOKIE = 'fb_sign_in';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;

export interface Session {
  user: string;
  team: string;
  name: string;
  /** Expiry, epoch ms. */
  exp: number;
}

export interface SignIn {
  state: string;
  nonce: string;
  /** Where to go after signing in (a path on this site). */
  back: string;
  exp: number;
}

export class CookieSigner {
  constructor(
    private readonly secret: string,
    private readonly secure: boolean,
  ) {}

  sign(payload: object): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload, or null when the value is missing, forged, altered or expired. */
  verify<T extends { exp: number }>(value: string | undefined, now = Date.now()): T | null {
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const body = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
      return typeof payload.exp === 'number' && payload.exp > now ? payload : null;
    } catch {
      return null;
    }
  }

  /** A Set-Cookie value: http-only, SameSite=Lax, Secure when the console is served over https. */
  cookie(name: string, value: string, opts: { maxAgeMs: number; path?: string }): string {
    const parts = [`${name}=${value}`, `Path=${opts.path ?? '/'}`, `Max-Age=${Math.floor(opts.maxAgeMs / 1000)}`, 'HttpOnly', 'SameSite=Lax'];
    if (this.secure) parts.push('Secure');
    return parts.join('; ');
  }

  clear(name: string, path = '/'): string {
    return this.cookie(name, '', { maxAgeMs: 0, path });
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`firebreak-console\n${body}`).digest('base64url');
  }
}

export function readCookie(req: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
