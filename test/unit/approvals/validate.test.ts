import { describe, expect, it } from 'vitest';
import { overlaps, parseTargetRange, validateTarget } from '../../../src/approvals/validate.js';
import { DEFAULT_TARGET_RULES, targetRulesSchema, toTargetRules, type TargetRules } from '../../../src/config/remediation-schema.js';

const rules = (raw: unknown): TargetRules => toTargetRules(targetRulesSchema.parse(raw));

const PROTECTED = rules({
  protected: {
    ips: {
      offices: ['81.2.69.0/24', '2a01:4f8:1c0c::/48'],
      load_balancers: ['34.120.1.10', '34.120.1.11'],
      monitoring: ['52.25.0.0/20'],
      egress: ['::ffff:18.197.4.2'],
    },
    accounts: ['Admin@Example.com', 'u-root-0001'],
  },
});

function block(ip: string, r: TargetRules = DEFAULT_TARGET_RULES) {
  return validateTarget('block_ip', { ip }, r);
}

describe('validateTarget: the IP validation table (block_ip, default rules)', () => {
  it.each([
    // [input, normalised]
    ['45.33.32.156', '45.33.32.156'],
    ['  45.33.32.156  ', '45.33.32.156'],
    ['45.33.32.156/32', '45.33.32.156'],
    ['45.33.32.0/24', '45.33.32.0/24'],
    ['45.33.32.77/24', '45.33.32.0/24'],
    ['45.33.32.128/25', '45.33.32.128/25'],
    ['2a00:1450:4001:0830:0000:0000:0000:200e', '2a00:1450:4001:830::200e'],
    ['2A00:1450:4001:830::200E', '2a00:1450:4001:830::200e'],
    ['2a00:1450:4001:830::200e/128', '2a00:1450:4001:830::200e'],
    ['2a00:1450:4001::/48', '2a00:1450:4001::/48'],
    ['2a00:1450:4001:ffff::/48', '2a00:1450:4001::/48'],
    ['2a00:1450:4001:830::/64', '2a00:1450:4001:830::/64'],
    ['::ffff:45.33.32.156', '45.33.32.156'],
    ['::ffff:45.33.32.0/120', '45.33.32.0/24'],
    ['1.1.1.1', '1.1.1.1'],
  ])('accepts %s as %s', (input, normalised) => {
    expect(block(input)).toEqual({ ok: true, params: { ip: normalised } });
  });

  it.each([
    // [input, words the one-line reason must contain]
    ['', 'no IP address given'],
    ['not-an-ip', 'is not an IP address'],
    ['45.33.32', 'is not an IP address'],
    ['045.33.32.156', 'is not an IP address'],
    ['0x2d.33.32.156', 'is not an IP address'],
    ['45.33.32.256', 'is not an IP address'],
    ['45.33.32.0/33', 'prefix length that is not 0–32'],
    ['45.33.32.0/-1', 'prefix length'],
    ['45.33.32.0/abc', 'prefix length'],
    ['2a00::/129', 'prefix length that is not 0–128'],
    ['10.1.2.3', 'private network range (10.0.0.0/8)'],
    ['172.16.5.4', 'private network range (172.16.0.0/12)'],
    ['192.168.1.1', 'private network range (192.168.0.0/16)'],
    ['127.0.0.1', 'loopback range (127.0.0.0/8)'],
    ['169.254.169.254', 'link-local range (169.254.0.0/16)'],
    ['224.0.0.251', 'multicast range (224.0.0.0/4)'],
    ['0.0.0.0', 'unspecified address range (0.0.0.0/8)'],
    ['255.255.255.255', 'broadcast address'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['192.0.2.10', 'reserved or documentation range (192.0.2.0/24)'],
    ['198.51.100.7', 'reserved or documentation range'],
    ['203.0.113.9', 'reserved or documentation range'],
    ['240.0.0.1', 'reserved or documentation range (240.0.0.0/4)'],
    ['198.18.0.1', 'reserved'],
    ['192.175.48.1', 'AS112'],
    ['192.52.193.1', 'AMT'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['fd12:3456::1', 'unique-local'],
    ['2001:db8::1', 'reserved or documentation range'],
    ['2002:c000:204::1', '6to4'],
    ['64:ff9b::1.2.3.4', 'NAT64'],
    ['100::1', 'discard'],
    ['fec0::1', 'site-local'],
    ['::ffff:10.0.0.1', 'private network range (10.0.0.0/8)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:0:0/95', 'IPv4-mapped'],
    // a CIDR that merely overlaps a special range is refused too
    ['10.0.0.0/7', 'overlaps a private network range'],
    // too wide for the defaults (/24, /48)
    ['45.33.0.0/16', 'wider than a /24'],
    ['45.33.32.0/23', 'wider than a /24'],
    ['2a00:1450::/32', 'wider than a /48'],
    ['2a00:1450:4000::/47', 'wider than a /48'],
  ])('refuses %s (%s)', (input, words) => {
    const result = block(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(words);
    expect(result.reason).not.toContain('\n');
  });

  it('says how to widen the limit when a block is too wide', () => {
    expect(block('45.33.0.0/16')).toEqual({ ok: false, reason: '45.33.0.0/16 is wider than a /24 (the widest IPv4 block allowed; remediation.max_prefix.v4 changes it)' });
  });

  it('allows wider blocks when max_prefix is configured', () => {
    const wide = rules({ max_prefix: { v4: 16, v6: 32 } });
    expect(block('45.33.0.0/16', wide)).toEqual({ ok: true, params: { ip: '45.33.0.0/16' } });
    expect(block('2a00:1450::/32', wide)).toEqual({ ok: true, params: { ip: '2a00:1450::/32' } });
    expect(block('45.32.0.0/15', wide).ok).toBe(false);
    // still never a range that reaches into a special one
    expect(block('100.0.0.0/8', rules({ max_prefix: { v4: 8 } }))).toMatchObject({ ok: false, reason: expect.stringContaining('overlaps the carrier-grade NAT range') });
  });

  it('keeps other parameters as they are', () => {
    expect(validateTarget('block_ip', { ip: '45.33.32.156', for: '24h', reason: 'brute force' }, DEFAULT_TARGET_RULES)).toEqual({
      ok: true,
      params: { ip: '45.33.32.156', for: '24h', reason: 'brute force' },
    });
  });
});

describe('validateTarget: protected lists', () => {
  it.each([
    ['81.2.69.140', 'is on the protected list "offices" (81.2.69.0/24)'],
    ['81.2.69.0/24', 'is on the protected list "offices" (81.2.69.0/24)'],
    ['81.2.69.128/25', 'is on the protected list "offices"'],
    ['34.120.1.10', 'is on the protected list "load_balancers" (34.120.1.10)'],
    ['34.120.1.0/24', 'overlaps the protected list "load_balancers" (34.120.1.10)'],
    ['52.25.3.0/24', 'is on the protected list "monitoring" (52.25.0.0/20)'],
    ['52.25.15.255', 'is on the protected list "monitoring"'],
    ['18.197.4.2', 'is on the protected list "egress" (::ffff:18.197.4.2)'],
    ['::ffff:18.197.4.2', 'is on the protected list "egress"'],
    ['18.197.4.0/24', 'overlaps the protected list "egress"'],
    ['2a01:4f8:1c0c:12::7', 'is on the protected list "offices" (2a01:4f8:1c0c::/48)'],
    ['2a01:4f8:1c0c::/48', 'is on the protected list "offices"'],
  ])('refuses to block %s: %s', (ip, words) => {
    const result = block(ip, PROTECTED);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toContain(words);
  });

  it.each(['81.2.70.1', '34.120.1.12', '52.25.16.0/24', '18.197.4.3', '2a01:4f8:1c0d::1'])('blocks the neighbour %s', (ip) => {
    expect(block(ip, PROTECTED).ok).toBe(true);
  });

  it('a plain list (no names) works and says "the protected list"', () => {
    const plain = rules({ protected: { ips: ['34.120.1.10'] } });
    expect(block('34.120.1.10', plain)).toEqual({ ok: false, reason: '34.120.1.10 is on the protected list (34.120.1.10): it is never blocked' });
  });

  it('unblocking is judged only for shape and special ranges: a protected or too-wide block still comes off', () => {
    expect(validateTarget('unblock_ip', { ip: '81.2.69.140' }, PROTECTED)).toEqual({ ok: true, params: { ip: '81.2.69.140' } });
    expect(validateTarget('unblock_ip', { ip: '45.33.0.0/16' }, PROTECTED)).toEqual({ ok: true, params: { ip: '45.33.0.0/16' } });
    expect(validateTarget('unblock_ip', { ip: '10.0.0.1' }, PROTECTED).ok).toBe(false);
    expect(validateTarget('unblock_ip', { ip: 'nope' }, PROTECTED).ok).toBe(false);
  });

  it.each([
    ['admin@example.com', 'admin@example.com is a protected account: it is never disabled'],
    ['ADMIN@Example.COM', 'admin@example.com is a protected account: it is never disabled'],
    ['U-ROOT-0001', 'U-ROOT-0001 is a protected account: it is never disabled'],
    [' u-root-0001 ', 'u-root-0001 is a protected account: it is never disabled'],
  ])('refuses to disable the protected account %s', (account, reason) => {
    expect(validateTarget('disable_account', { account }, PROTECTED)).toEqual({ ok: false, reason });
  });

  it('disables other accounts, lower-casing an email', () => {
    expect(validateTarget('disable_account', { account: 'Mallory@Example.com', reason: 'takeover' }, PROTECTED)).toEqual({
      ok: true,
      params: { account: 'mallory@example.com', reason: 'takeover' },
    });
    expect(validateTarget('disable_account', { account: '6f1c2a7e-0d4b-4a55-9f0e-1b2c3d4e5f60' }, PROTECTED)).toEqual({
      ok: true,
      params: { account: '6f1c2a7e-0d4b-4a55-9f0e-1b2c3d4e5f60' },
    });
  });

  it('enabling a protected account is allowed; an empty or spaced account is not', () => {
    expect(validateTarget('enable_account', { account: 'admin@example.com' }, PROTECTED).ok).toBe(true);
    expect(validateTarget('disable_account', {}, PROTECTED)).toEqual({ ok: false, reason: 'no account given (expected a user id or an email address)' });
    expect(validateTarget('disable_account', { account: 'a b' }, PROTECTED).ok).toBe(false);
  });

  it('rollback and run pass through', () => {
    expect(validateTarget('rollback', { service: 'api', version: 'v1.2.3' }, PROTECTED)).toEqual({ ok: true, params: { service: 'api', version: 'v1.2.3' } });
    expect(validateTarget('run', { action: 'restart-workers' }, PROTECTED)).toEqual({ ok: true, params: { action: 'restart-workers' } });
  });
});

describe('CIDR overlap', () => {
  const r = (text: string) => {
    const p = parseTargetRange(text);
    if (!p.ok) throw new Error(p.reason);
    return p.range;
  };
  it.each([
    ['45.33.32.0/24', '45.33.32.156', true],
    ['45.33.32.156', '45.33.32.0/24', true],
    ['45.33.32.0/24', '45.33.33.0/24', false],
    ['45.33.0.0/16', '45.33.255.0/24', true],
    ['45.33.32.0/25', '45.33.32.128/25', false],
    ['0.0.0.0/0', '45.33.32.156', true],
    ['2a00:1450::/32', '2a00:1450:4001::/48', true],
    ['2a00:1450:4001::/48', '2a00:1450:4002::/48', false],
    ['45.33.32.156', '::ffff:45.33.32.156', true],
    ['45.33.32.156', '2a00:1450::1', false],
  ] as const)('%s ∩ %s → %s', (a, b, expected) => {
    expect(overlaps(r(a), r(b))).toBe(expected);
    expect(overlaps(r(b), r(a))).toBe(expected);
  });
});

describe('targetRulesSchema', () => {
  it('defaults to /24 and /48 with empty lists', () => {
    expect(rules({})).toEqual(DEFAULT_TARGET_RULES);
    expect(rules({ protected: null, max_prefix: null })).toEqual(DEFAULT_TARGET_RULES);
  });

  it('names a bad protected entry', () => {
    const parsed = targetRulesSchema.safeParse({ protected: { ips: { offices: ['81.2.69.0/24', 'office-wifi'] } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['protected', 'ips', 'offices', 1]);
    expect(parsed.error?.issues[0]?.message).toContain('expected an IP address or CIDR range');
  });

  it('refuses impossible prefix lengths and unknown keys', () => {
    expect(targetRulesSchema.safeParse({ max_prefix: { v4: 33 } }).success).toBe(false);
    expect(targetRulesSchema.safeParse({ max_prefix: { v6: 129 } }).success).toBe(false);
    expect(targetRulesSchema.safeParse({ protected: { ipz: [] } }).success).toBe(false);
  });

  it('lower-cases and dedups protected accounts', () => {
    expect(rules({ protected: { accounts: ['A@x.io', 'a@X.io', 'id-1'] } }).protectedAccounts).toEqual(['a@x.io', 'id-1']);
  });
});

describe('withProtected: a catalog entry\'s own protected strings', () => {
  it('adds addresses to the IP list and anything else to the accounts', async () => {
    const { withProtected } = await import('../../../src/config/remediation-schema.js');
    const r = withProtected(PROTECTED, ['45.33.32.0/24', 'Ops@Example.com']);
    expect(block('45.33.32.156', r)).toEqual({ ok: false, reason: '45.33.32.156 is on the protected list "this action" (45.33.32.0/24): it is never blocked' });
    expect(block('81.2.69.1', r).ok).toBe(false);
    expect(validateTarget('disable_account', { account: 'ops@example.com' }, r).ok).toBe(false);
    expect(validateTarget('disable_account', { account: 'admin@example.com' }, r).ok).toBe(false);
  });
});
