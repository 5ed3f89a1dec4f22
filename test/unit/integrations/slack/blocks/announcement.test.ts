// Test: announcements in the announcement channel
import { describe, expect, it } from 'vitest';
import { announcementMessage } from '../../../../../src/integrations/slack/blocks/announcement.js';
import { NOW, incidentView } from './views.js';

describe('announcementMessage', () => {
  it('announces a declaration with the facts and a link to the incident channel', () => {
    expect(announcementMessage({ kind: 'declared', view: incidentView({ status: 'triggered' }) }, NOW)).toMatchSnapshot();
  });

  it('says whether the severity was raised or lowered', () => {
    const raised = announcementMessage({ kind: 'severity-changed', view: incidentView({ severity: 'sev1' }), from: 'sev3' }, NOW);
    expect(raised.text).toBe('⚠️ *#42 Checkout returns 502 for card payments*: severity raised from SEV3 to SEV1');
    const lowered = announcementMessage({ kind: 'severity-changed', view: incidentView({ severity: 'sev4' }), from: 'sev2' }, NOW);
    expect(lowered.text).toContain('severity lowered from SEV2 to SEV4');
    expect(JSON.stringify(lowered.blocks)).toContain('Join <#C0INC42>');
  });

  it('announces a resolution with how long it lasted', () => {
    const view = incidentView({ status: 'resolved', resolvedAt: '2024-05-01T12:30:00.000Z' });
    expect(announcementMessage({ kind: 'resolved', view }, NOW)).toMatchSnapshot();
  });

  it('leaves the link out while there is no channel yet', () => {
    const message = announcementMessage({ kind: 'declared', view: incidentView({ channel: null }) }, NOW);
    expect(JSON.stringify(message)).not.toContain('Join');
  });
});
