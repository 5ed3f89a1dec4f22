// Unit: the access service over a directory — roles held through groups, private incidents by their
// channel's members, approver audiences, and a directory that cannot answer (refused, never guessed).
import { describe, expect, it } from 'vitest';
import { createAccess } from '../../../src/access/index.js';
import type { AccessSubject } from '../../../src/access/rules.js';
import { accessSchema, toAccessConfig, type AccessConfig } from '../../../src/config/access-schema.js';
import { slackActor } from '../../../src/domain/actor.js';
import type { Directory, PortResult } from '../../../src/effects/ports.js';
import type { Transport } from '../../../src/store/transport.js';

const down = { ok: false as const, error: { kind: 'retry' as const, message: 'slack users.info: HTTP 503' } };

function fakeDirectory(over: Partial<Record<keyof Directory, () => PortResult<unknown>>> = {}): Directory {
  const groups: Record<string, string[]> = { S0ONCALL: ['U0ANN'], S0SEC: ['U0SEC'] };
  const channels: Record<string, string[]> = { G0PRIV: ['U0ANN', 'U0IC'] };
  return {
    person: async (user) => (over.person?.() as never) ?? { ok: true, value: { id: user, team: 'T0', guest: user === 'U0GUEST', external: false, deleted: false } },
    groupMembers: async (g) => (over.groupMembers?.() as never) ?? { ok: true, value: groups[g] ?? [] },
    channelMembers: async (c) => (over.channelMembers?.() as never) ?? { ok: true, value: channels[c] ?? [] },
  };
}

const cfg: AccessConfig = toAccessConfig(accessSchema.parse({
  roles: { responders: { groups: ['S0ONCALL'] }, 'security-approvers': { groups: ['S0SEC'], users: ['U0BOB'] } },
  allow: { escalate: ['responders'] },
  limits: { page: { max: 1, per: '1h' } },
}));
const noStore = {} as Transport;
const PRIVATE: AccessSubject = { id: 'inc_1', number: 42, private: true, channel: 'G0PRIV', commander: 'U0IC', people: ['U0IC'] };
const actor = (id: string) => slackActor(id, 'T0');

describe('createAccess', () => {
  it('finds roles held through a user group, at the moment of asking', async () => {
    const access = createAccess({ directory: fakeDirectory(), store: noStore, settings: () => cfg });
    expect(await access.may(actor('U0ANN'), 'escalate')).toEqual({ ok: true });
    expect(await access.may(actor('U0CAROL'), 'escalate')).toEqual({ ok: false, refusal: { kind: 'not-allowed', action: 'escalate', roles: ['responders'] } });
  });

  it('lets only the private channel’s members see or act on a private incident', async () => {
    const access = createAccess({ directory: fakeDirectory(), store: noStore, settings: () => cfg });
    expect(await access.canSee('U0ANN', PRIVATE)).toBe(true);
    expect(await access.canSee('U0CAROL', PRIVATE)).toBe(false);
    expect(await access.may(actor('U0CAROL'), 'ack', PRIVATE)).toEqual({ ok: false, refusal: { kind: 'not-member', incident: 42 } });
    expect(await access.canSee('U0CAROL', { ...PRIVATE, private: false })).toBe(true);
  });

  it('tells approvers by role, group or name', async () => {
    const access = createAccess({ directory: fakeDirectory(), store: noStore, settings: () => cfg });
    expect(await access.isIn(actor('U0SEC'), { roles: ['security-approvers'] })).toBe(true);
    expect(await access.isIn(actor('U0BOB'), { roles: ['security-approvers'] })).toBe(true);
    expect(await access.isIn(actor('U0ANN'), { roles: ['security-approvers'] })).toBe(false);
    expect(await access.isIn(actor('U0ANN'), { groups: ['S0ONCALL'] })).toBe(true);
    expect(await access.isIn(actor('U0ZED'), { users: ['U0ZED'] })).toBe(true);
    expect(await access.isIn(actor('U0ANN'), { roles: ['no-such-role'] })).toBe(false);
  });

  it('refuses as unavailable when the directory cannot answer, and sees nothing private', async () => {
    const people = createAccess({ directory: fakeDirectory({ person: () => down }), store: noStore, settings: () => cfg });
    expect(await people.may(actor('U0ANN'), 'ack')).toEqual({ ok: false, refusal: { kind: 'unavailable' } });
    const channels = createAccess({ directory: fakeDirectory({ channelMembers: () => down }), store: noStore, settings: () => cfg });
    expect(await channels.canSee('U0ANN', PRIVATE)).toBe(false);
    expect(await channels.may(actor('U0ANN'), 'ack', PRIVATE)).toEqual({ ok: false, refusal: { kind: 'unavailable' } });
    const groups = createAccess({ directory: fakeDirectory({ groupMembers: () => down }), store: noStore, settings: () => cfg });
    expect(await groups.isIn(actor('U0SEC'), { groups: ['S0SEC'] })).toBe(false);
  });

  it('spends a limit in the store only when one is configured, and words the refusal with the time left', async () => {
    const calls: unknown[] = [];
    const store = { rpc: async (_fn: string, args: unknown) => (calls.push(args), calls.length === 1 ? { ok: true, count: 1, retry_after_ms: 0 } : { ok: false, count: 1, retry_after_ms: 120_000 }) } as unknown as Transport;
    const access = createAccess({ directory: fakeDirectory(), store, settings: () => cfg });
    expect(await access.spend(actor('U0ANN'), 'declare')).toEqual({ ok: true });
    expect(calls).toEqual([]);
    expect(await access.spend(actor('U0ANN'), 'page')).toEqual({ ok: true });
    expect(await access.spend(actor('U0ANN'), 'page')).toEqual({ ok: false, refusal: { kind: 'rate-limited', action: 'page', max: 1, perMs: 3_600_000, retryAfterMs: 120_000 } });
    expect(calls[0]).toEqual({ p_key: 'page:U0ANN', p_window_ms: 3_600_000, p_max: 1 });
  });
});
