// Edge (console): who may see an incident — the console asks access's canSee about private ones
// only; public ones are visible to anyone signed in, and local mode sees everything.
import { describe, expect, it } from 'vitest';
import type { AccessSubject } from '../../../../src/access/index.js';
import { createVisibility } from '../../../../src/edges/console/visibility.js';

const asked: Array<[string, AccessSubject]> = [];
const v = createVisibility(async (user, subject) => {
  asked.push([user, subject]);
  return subject.channel === 'CPRIV' && user === 'UIN';
});
const user = (id: string) => ({ kind: 'user' as const, user: id, team: 'T1', name: id });

describe('console visibility', () => {
  it('shows a public incident to anyone signed in without asking', async () => {
    asked.length = 0;
    expect(await v.canSee(user('UOUT'), { id: 'a', private: false, channel: 'CPUB' })).toBe(true);
    expect(asked).toEqual([]);
  });

  it("asks access's canSee about a private incident, with what it knows of it", async () => {
    asked.length = 0;
    expect(await v.canSee(user('UIN'), { id: 'p', number: 4, private: true, channel: 'CPRIV' })).toBe(true);
    expect(await v.canSee(user('UOUT'), { id: 'p', number: 4, private: true, channel: 'CPRIV' })).toBe(false);
    expect(asked[0]).toEqual(['UIN', { id: 'p', number: 4, private: true, channel: 'CPRIV', commander: null, people: [] }]);
  });

  it('shows everything in local mode, and lists what a user may not see', async () => {
    expect(await v.canSee({ kind: 'local' }, { id: 'p', private: true, channel: null })).toBe(true);
    const privates = [{ id: 'a', private: true, channel: 'CPRIV' }, { id: 'b', private: true, channel: 'COTHER' }];
    expect(await v.hidden(user('UIN'), privates)).toEqual(['b']);
    expect(await v.hidden({ kind: 'local' }, privates)).toEqual([]);
  });
});
