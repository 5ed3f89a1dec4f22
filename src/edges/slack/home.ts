// Edge: App Home — the open incidents and the viewer's roles in them, published when opened.
import type { App } from '@slack/bolt';
import { homeView } from '../../integrations/slack/blocks/home.js';
import { loadIncident } from '../../incidents/view.js';
import { listIncidents } from '../../store/incidents.js';
import type { IncidentOps } from '../../incidents/changes.js';

export function registerAppHome(app: App, ops: IncidentOps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const open = await listIncidents(ops.store, true);
    const loaded = await Promise.all(open.slice(0, 50).map((i) => loadIncident(ops.store, ops.runner, i.id)));
    const incidents = loaded.filter((i) => i !== null).map((i) => i.view);
    await client.views.publish({ user_id: event.user, view: homeView({ incidents, viewer: event.user, now: new Date() }) });
  });
}
