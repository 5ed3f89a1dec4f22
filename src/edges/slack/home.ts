// Edge: App Home — the open incidents the viewer may see (private ones only for their channel's
// members) and the viewer's roles in them, published when opened.
import type { App } from '@slack/bolt';
import type { Gate } from '../../access/guarded.js';
import { slackActor } from '../../domain/actor.js';
import { homeView } from '../../integrations/slack/blocks/home.js';

const MAX_LOADED = 50;

export function registerAppHome(app: App, deps: { gate: Gate }): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const viewer = deps.gate.as(slackActor(event.user, (body as { team_id?: string }).team_id ?? null), { kind: 'command', name: 'home' });
    const incidents = (await viewer.visible(MAX_LOADED)).map((i) => i.view);
    await client.views.publish({ user_id: event.user, view: homeView({ incidents, viewer: event.user, now: new Date() }) });
  });
}
