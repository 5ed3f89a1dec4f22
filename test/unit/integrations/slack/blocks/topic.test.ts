// Test: the incident channel's topic
import { describe, expect, it } from 'vitest';
import { topicText } from '../../../../../src/integrations/slack/blocks/topic.js';
import { incidentView } from './views.js';

describe('topicText', () => {
  it('shows severity, status, commander and the incident', () => {
    expect(topicText(incidentView())).toMatchInlineSnapshot(`"SEV2 · investigating · IC <@U0COMMAND> · #42 Checkout returns 502 for card payments"`);
  });

  it('says when nobody is commander', () => {
    expect(topicText(incidentView({ roles: { commander: null, scribe: null, comms: null } }))).toContain('IC unassigned');
  });

  it('stays within the 250 characters setTopic accepts, shortening the title', () => {
    const topic = topicText(incidentView({ title: '&'.repeat(400) }));
    expect(topic.length).toBeLessThanOrEqual(250);
    expect(topic).toMatch(/^SEV2 · investigating · IC <@U0COMMAND> · #42 (&amp;)+…$/);
  });
});
