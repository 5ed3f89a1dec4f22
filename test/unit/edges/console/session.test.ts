// Edge (console): signed cookies — what was signed comes back, anything altered, forged with
// another secret or expired does not; cookies are http-only and SameSite=Lax, Secure over https.
import { describe, expect, it } from 'vitest';
import { CookieSigner, readCookie } from '../../../../src/edges/console/session.js';

const signer = new CookieSigner('a-session-secret-of-some-length', false);

describe('CookieSigner', () => {
  it('verifies what it signed until it expires', () => {
    const value = signer.sign({ user: 'U1', exp: 2_000 });
    expect(signer.verify<{ user: string; exp: number }>(value, 1_000)).toEqual({ user: 'U1', exp: 2_000 });
    expect(signer.verify(value, 2_000)).toBeNull();
  });

  it('refuses an altered payload, another secret, and junk', () => {
    const value = signer.sign({ user: 'U1', exp: 2_000 });
    const [, mac] = value.split('.');
    const altered = `${Buffer.from(JSON.stringify({ user: 'U2', exp: 2_000 })).toString('base64url')}.${mac}`;
    expect(signer.verify(altered, 1_000)).toBeNull();
    expect(new CookieSigner('another-secret-entirely', false).verify(value, 1_000)).toBeNull();
    for (const junk of [undefined, '', '.', 'abc', `${value}x`, `x${value}`]) expect(signer.verify(junk, 1_000)).toBeNull();
  });

  it('writes http-only SameSite=Lax cookies, Secure when served over https', () => {
    expect(signer.cookie('fb_session', 'v', { maxAgeMs: 60_000 })).toBe('fb_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax');
    expect(new CookieSigner('s', true).cookie('fb_session', 'v', { maxAgeMs: 60_000, path: '/auth/slack' })).toBe('fb_session=v; Path=/auth/slack; Max-Age=60; HttpOnly; SameSite=Lax; Secure');
  });
});

describe('readCookie', () => {
  it('finds a cookie by its exact name among others', () => {
    const req = { headers: { cookie: 'a=1; fb_session_old=2; fb_session=3.4' } };
    expect(readCookie(req, 'fb_session')).toBe('3.4');
    expect(readCookie(req, 'missing')).toBeUndefined();
    expect(readCookie({ headers: {} }, 'fb_session')).toBeUndefined();
  });
});
