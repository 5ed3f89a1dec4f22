// Edge (console): who may see an incident — private ones only their channel's members (fail
// closed when Slack cannot say); local mode sees everything.
import { describe, expect, it } from 'vitest';
import { createVisibility, type ChannelMembers } from '../../../../src/edges/console/visibility.js';

const members: ChannelMembers = async (channel) =>
  channel === 'CPRIV' ? { ok: true, value: ['UIN'] } : { ok: false, error: { message: 'channel_not_found' } };
const user = (id: string) => ({ kind: 'user' as const, user: id, team: 'T1', name: id });

describe('canSee', () => {
  const v = createVisibility(members);

  it('shows a public incident to anyone signed in, a private one to its channel members only', async () => {
    expect(await v.canSee(user('UOUT'), { private: false, channel: 'CPUB' })).toBe(true);
    expect(await v.canSee(user('UIN'), { private: true, channel: 'CPRIV' })).toBe(true);
    expect(await v.canSee(user('UOUT'), { private: true, channel: 'CPRIV' })).toBe(false);
  });

  it('hides a private incident when Slack cannot say who is in the channel, or it has none yet', async () => {
    expect(await v.canSee(user('UIN'), { private: true, channel: 'CGONE' })).toBe(false);
    expect(await v.canSee(user('UIN'), { private: true, channel: null })).toBe(false);
    expect(await createVisibility(null).canSee(user('UIN'), { private: true, channel: 'CPRIV' })).toBe(false);
  });

  it('shows everything in local mode, and lists what a user may not see', async () => {
    expect(await v.canSee({ kind: 'local' }, { private: true, channel: null })).toBe(true);
    const privates = [{ id: 'a', private: true, channel: 'CPRIV' }, { id: 'b', private: true, channel: 'COTHER' }];
    expect(await v.hidden(user('UIN'), privates)).toEqual(['b']);
    expect(await v.hidden({ kind: 'local' }, privates)).toEqual([]);
  });
});
