// Test: the DM a paged responder gets — the page, the way to the channel, and an Acknowledge button
import { describe, expect, it } from 'vitest';
import { pageDmMessage } from '../../../../../src/integrations/slack/blocks/page-dm.js';
import { ACTION_IDS } from '../../../../../src/integrations/slack/ids.js';
import { evilView, incidentView } from './views.js';

describe('pageDmMessage', () => {
  it('says who is paged for what, links the channel, and offers Acknowledge with the incident id', () => {
    const message = pageDmMessage({ view: incidentView({ status: 'triggered', acknowledgedAt: null }), where: 'level 1' });
    expect(message).toMatchSnapshot();
    expect(message.text).toBe('🚨 You are paged (level 1): #42 Checkout returns 502 for card payments — SEV2');
    expect(message.blocks[1]).toEqual({
      type: 'actions',
      elements: [expect.objectContaining({ type: 'button', action_id: ACTION_IDS.acknowledge, value: 'inc_01HXYZ', style: 'primary' })],
    });
  });

  it('has no button once the incident is acknowledged, and no channel line before there is a channel', () => {
    const message = pageDmMessage({ view: incidentView({ status: 'investigating', channel: null }), where: 'paged by hand' });
    expect(message.blocks).toHaveLength(1);
    expect(JSON.stringify(message)).not.toContain('Join');
  });

  it('lets an untrusted title ping nobody and link nowhere', () => {
    const out = JSON.stringify(pageDmMessage({ view: evilView({ status: 'triggered' }), where: '<!here> level 1' }));
    expect(out).not.toMatch(/<!(channel|here|everyone)/);
    expect(out).not.toContain('<https://evil');
  });
});
