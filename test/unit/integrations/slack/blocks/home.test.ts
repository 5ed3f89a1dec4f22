// Test: the App Home tab
import { describe, expect, it } from 'vitest';
import { homeView, viewerRoles } from '../../../../../src/integrations/slack/blocks/home.js';
import { NOW, incidentView } from './views.js';

describe('homeView', () => {
  it('lists open incidents worst first, with the viewer’s roles', () => {
    const incidents = [
      incidentView(),
      incidentView({ id: 'inc_2', number: 43, title: 'Search is slow', severity: 'sev3', status: 'triggered', roles: { commander: null, scribe: 'U0ME', comms: 'U0ME' }, channel: null }),
      incidentView({ id: 'inc_3', number: 44, title: 'Login outage', severity: 'sev1', declaredAt: '2024-05-01T11:00:00.000Z' }),
      incidentView({ id: 'inc_4', number: 40, title: 'Old and done', status: 'resolved', resolvedAt: '2024-05-01T10:30:00.000Z' }),
    ];
    expect(homeView({ incidents, viewer: 'U0ME', now: NOW })).toMatchSnapshot();
  });

  it('says there is nothing open, and how to declare', () => {
    const view = homeView({ incidents: [], viewer: 'U0ME', now: NOW });
    expect(view.type).toBe('home');
    expect(JSON.stringify(view)).toContain('No open incidents');
  });

  it('stays under 100 blocks however many incidents are open', () => {
    const incidents = Array.from({ length: 300 }, (_, i) => incidentView({ id: `inc_${i}`, number: i + 1 }));
    const view = homeView({ incidents, viewer: 'U0ME', now: NOW });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('…and 250 more');
  });
});

describe('viewerRoles', () => {
  it('names every role the viewer holds', () => {
    expect(viewerRoles(incidentView({ roles: { commander: 'U1', scribe: 'U2', comms: 'U1' } }), 'U1')).toEqual(['commander', 'comms']);
  });
});
