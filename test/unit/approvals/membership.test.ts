import { describe, expect, it } from 'vitest';
import { GroupMembership } from '../../../src/approvals/membership.js';

describe('approver groups', () => {
  it('asks the directory at click time and remembers the answer for at most 60 s', async () => {
    let now = 0;
    let asked = 0;
    let members = ['U0CAL'];
    const m = new GroupMembership({ groupMembers: async () => (asked++, { ok: true, value: members }) }, () => now);
    expect(await m.memberOf('U0CAL', ['S0SEC'])).toEqual(['S0SEC']);
    members = [];
    now = 59_999;
    expect(await m.memberOf('U0CAL', ['S0SEC'])).toEqual(['S0SEC']);
    expect(asked).toBe(1);
    now = 60_000;
    expect(await m.memberOf('U0CAL', ['S0SEC'])).toEqual([]);
    expect(asked).toBe(2);
  });

  it('counts a group the directory cannot read as not a member, and without a directory nobody is', async () => {
    const failing = new GroupMembership({ groupMembers: async () => ({ ok: false, error: { kind: 'retry', message: 'down' } }) });
    expect(await failing.memberOf('U0CAL', ['S0SEC'])).toEqual([]);
    expect(await new GroupMembership(null).memberOf('U0CAL', ['S0SEC'])).toEqual([]);
  });
});
