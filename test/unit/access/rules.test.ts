// Unit: the access rules as a table — roles × actions, guests, Slack Connect users, private incidents.
import { describe, expect, it } from 'vitest';
import { accessSchema, toAccessConfig, type AccessConfig } from '../../../src/config/access-schema.js';
import { decide, isMember, type AccessSubject, type ActorFacts } from '../../../src/access/rules.js';

const cfg = (raw: unknown): AccessConfig => toAccessConfig(accessSchema.parse(raw));

const CONFIGURED = cfg({
  roles: {
    responders: { groups: ['S0ONCALL'] },
    commanders: { users: ['U0CMD'] },
    admins: { users: ['U0ADMIN'] },
    'security-approvers': { users: ['U0GUESTSEC'] },
  },
  allow: {
    resolve: ['commanders', 'incident-commander'],
    close: ['commanders'],
    sev: ['responders', 'commanders'],
    escalate: ['responders'],
    'page-policy': ['commanders'],
    approve: ['security-approvers'],
  },
});
const DEFAULTS = cfg({});

type Who = 'member' | 'responder' | 'commander' | 'admin' | 'guest' | 'external' | 'named-guest' | 'unknown' | 'incident-commander';

function actor(who: Who): ActorFacts {
  const person = { guest: false, external: false, deleted: false };
  const base = { id: `U0${who.toUpperCase().replace(/-/g, '')}`, person, roles: new Set<string>(), namedIn: new Set<string>() };
  switch (who) {
    case 'member':
      return base;
    case 'incident-commander':
      return { ...base, id: 'U0IC' };
    case 'responder':
      return { ...base, roles: new Set(['responders']) };
    case 'commander':
      return { ...base, id: 'U0CMD', roles: new Set(['commanders']), namedIn: new Set(['commanders']) };
    case 'admin':
      return { ...base, id: 'U0ADMIN', roles: new Set(['admins']), namedIn: new Set(['admins']) };
    case 'guest':
      // A guest who is also in the responders group: a group does not lift the guest rule.
      return { ...base, person: { ...person, guest: true }, roles: new Set(['responders']) };
    case 'external':
      return { ...base, person: { ...person, external: true } };
    case 'named-guest':
      return { ...base, id: 'U0GUESTSEC', person: { ...person, guest: true }, roles: new Set(['security-approvers']), namedIn: new Set(['security-approvers']) };
    case 'unknown':
      return { ...base, person: null };
  }
}

const PUBLIC: AccessSubject = { id: 'inc_1', number: 1, private: false, channel: 'C1', commander: 'U0IC', people: ['U0IC'] };
const PRIVATE: AccessSubject = { ...PUBLIC, private: true };

const verdict = (c: AccessConfig, who: Who, action: string, subject: AccessSubject | null = PUBLIC, member = true) => {
  const d = decide(c, actor(who), action, subject, member);
  return d.ok ? 'ok' : d.refusal.kind;
};

describe('access rules with the defaults (today’s behaviour)', () => {
  it.each(['declare', 'ack', 'note', 'status', 'resolve', 'close', 'sev', 'escalate', 'page', 'page-policy', 'role', 'snooze', 'postmortem'])(
    '%s: anyone in the workspace may; guests and external users may not; unknown users may not',
    (action) => {
      expect(verdict(DEFAULTS, 'member', action)).toBe('ok');
      expect(verdict(DEFAULTS, 'guest', action)).toBe('guest');
      expect(verdict(DEFAULTS, 'external', action)).toBe('external');
      expect(verdict(DEFAULTS, 'unknown', action)).toBe('unknown-user');
    },
  );

  it('invite (a role on a private incident for an outsider) is the incident commander’s or an admin’s', () => {
    expect(verdict(DEFAULTS, 'member', 'invite', PRIVATE)).toBe('not-allowed');
    expect(verdict(DEFAULTS, 'incident-commander', 'invite', PRIVATE)).toBe('ok');
  });

  it('guests and external users may change state when configured as members', () => {
    const open = cfg({ guests: 'member', external: 'member' });
    expect(verdict(open, 'guest', 'resolve')).toBe('ok');
    expect(verdict(open, 'external', 'resolve')).toBe('ok');
  });
});

describe('access rules, configured: roles × actions', () => {
  const table: Array<[Who, Record<string, string>]> = [
    ['member', { ack: 'ok', resolve: 'not-allowed', close: 'not-allowed', sev: 'not-allowed', escalate: 'not-allowed', 'page-policy': 'not-allowed', page: 'ok', approve: 'not-allowed' }],
    ['responder', { ack: 'ok', resolve: 'not-allowed', close: 'not-allowed', sev: 'ok', escalate: 'ok', 'page-policy': 'not-allowed', page: 'ok', approve: 'not-allowed' }],
    ['commander', { ack: 'ok', resolve: 'ok', close: 'ok', sev: 'ok', escalate: 'not-allowed', 'page-policy': 'ok', page: 'ok', approve: 'not-allowed' }],
    ['incident-commander', { ack: 'ok', resolve: 'ok', close: 'not-allowed', sev: 'not-allowed', escalate: 'not-allowed', 'page-policy': 'not-allowed', page: 'ok', approve: 'not-allowed' }],
    ['admin', { ack: 'ok', resolve: 'ok', close: 'ok', sev: 'ok', escalate: 'ok', 'page-policy': 'ok', page: 'ok', approve: 'ok' }],
    ['guest', { ack: 'guest', resolve: 'guest', close: 'guest', sev: 'guest', escalate: 'guest', 'page-policy': 'guest', page: 'guest', approve: 'guest' }],
    ['external', { ack: 'external', resolve: 'external', close: 'external', sev: 'external', escalate: 'external', 'page-policy': 'external', page: 'external', approve: 'external' }],
    ['named-guest', { ack: 'guest', resolve: 'guest', approve: 'ok' }],
    ['unknown', { ack: 'unknown-user', resolve: 'unknown-user' }],
  ];
  it.each(table)('%s', (who, expected) => {
    const got = Object.fromEntries(Object.keys(expected).map((action) => [action, verdict(CONFIGURED, who, action)]));
    expect(got).toEqual(expected);
  });
});

describe('private incidents', () => {
  it('refuse everyone outside the channel, admins too, before any role is considered', () => {
    for (const who of ['member', 'commander', 'admin', 'incident-commander'] as const) {
      expect(verdict(CONFIGURED, who, 'ack', PRIVATE, false)).toBe('not-member');
    }
    expect(verdict(CONFIGURED, 'member', 'ack', PRIVATE, true)).toBe('ok');
  });

  it('before the channel exists, its first people are its members', () => {
    const early: AccessSubject = { ...PRIVATE, channel: null, people: ['U0DECL', 'U0IC'] };
    expect(isMember(early, null, 'U0DECL')).toBe(true);
    expect(isMember(early, null, 'U0OTHER')).toBe(false);
    expect(isMember(PRIVATE, ['U0A', 'U0B'], 'U0B')).toBe(true);
    expect(isMember(PUBLIC, [], 'U0ANYONE')).toBe(true);
  });
});

describe('the access section of firebreak.yaml', () => {
  it('names a role that does not exist', () => {
    const r = accessSchema.safeParse({ allow: { resolve: ['comanders'] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['allow', 'resolve', 0], message: expect.stringContaining('no role named "comanders"') });
  });

  it('refuses a group id that is not S…, and a built-in role name redefined', () => {
    expect(accessSchema.safeParse({ roles: { r: { groups: ['U123'] } } }).success).toBe(false);
    expect(accessSchema.safeParse({ roles: { everyone: { users: ['U123'] } } }).success).toBe(false);
  });

  it('reads limits as counts per window', () => {
    expect(cfg({ limits: { page: { max: 3, per: '10m' } } }).limits).toEqual({ page: { max: 3, perMs: 600_000 } });
  });
});
