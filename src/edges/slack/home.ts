// Edge: App Home — the open incidents and the viewer's roles in them, published when opened.
import type { App } from '@slack/bolt';
import type { Incidents } from '../../incidents/index.js';
import { homeView } from '../../integrations/slack/blocks/home.js';

const MAX_LOADED = 50;

export function registerAppHome(app: App, deps: { incidents: Incidents }): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const open = await deps.incidents.list(true);
    const loaded = await Promise.all(open.slice(0, MAX_LOADED).map((i) => deps.incidents.read(i.id)));
    const incidents = loaded.filter((i) => i !== null).map((i) => i.view);
    await client.views.publish({ user_id: event.user, view: homeView({ incidents, viewer: event.user, now: new Date() }) });
  });
}
