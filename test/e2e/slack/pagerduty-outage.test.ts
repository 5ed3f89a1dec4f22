// E2e (vendor outages): PagerDuty goes away. Slack pages go on; once PagerDuty has been unreachable
// for the level's fallback.after, the fallback targets (a Slack DM and a webhook) are paged and the
// fallback is on the timeline; when PagerDuty is back it gets the trigger, then the acknowledge a
// responder gave meanwhile — in that order, once each.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listBreakers } from '../../../src/store/breakers.js';
import { listEffects } from '../../../src/store/outbox.js';
import { startFakePagerDuty, type FakePagerDuty } from '../../support/fake-pagerduty.js';
import { ANNOUNCE_CHANNEL, channelOf, effectsSettled, startSlackE2e, theIncident, timeline, waitFor, type SlackE2e } from './harness.js';

const ROUTING_KEY = 'R0UTINGKEY0123456789abcdef0123456';

let e: SlackE2e | undefined;
let pd: FakePagerDuty | undefined;
let hook: Server | undefined;
afterEach(async () => {
  await e?.stop();
  await pd?.close();
  if (hook) await new Promise((r) => hook!.close(r));
  e = pd = hook = undefined;
});

describe('PagerDuty outage', () => {
  it('keeps paging on Slack, uses the fallback after a while and records it, and sends PagerDuty the trigger and the acknowledge once it is back', async () => {
    pd = await startFakePagerDuty();
    const received: Array<Record<string, unknown>> = [];
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook!.listen(0, '127.0.0.1', () => r()));
    const hookPort = (hook.address() as { port: number }).port;

    pd.down();
    e = await startSlackE2e({
      env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: pd.url },
      yaml: `
routing:
  defaults: { declare: sev2, policy: sre }
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
escalation:
  webhooks:
    ops: { url: "http://127.0.0.1:${hookPort}/page" }
  policies:
    sre:
      levels:
        - targets: [U0PRIMARY, pagerduty]
          timeout: 1h
          fallback: { targets: [U0BACKUP, "webhook:ops"], after: 1s }
runner:
  dispatcher: { backoff: { initial: 50ms, max: 200ms } }
  vendors:
    pagerduty: { failures_to_open: 2, probe_interval: 300ms }
`,
    });
    const { app, fake } = e;
    await e.alert({ key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev2', service: 'db' });
    const incident = await theIncident(app);
    const channel = await channelOf(app, incident.id);

    // Slack pages go on while PagerDuty is down.
    await waitFor('the Slack mention and DM', () => fake.state.messages.some((m) => m.channel === channel && m.text.includes('<@U0PRIMARY>')) && fake.directMessages('U0PRIMARY').length === 1);
    await waitFor('the PagerDuty breaker open', async () => (await listBreakers(app.store)).find((b) => b.vendor === 'pagerduty' && b.state === 'open'));

    // After fallback.after, the fallback: a DM to U0BACKUP and the ops webhook, on the timeline.
    const fallback = await waitFor('the fallback on the timeline', async () => (await timeline(app, incident.id)).find((t) => t.kind === 'escalation.fallback'));
    expect(fallback.message).toMatch(/^pagerduty unreachable for \d+ min: paging level 1's fallback U0BACKUP, webhook:ops$/);
    await waitFor('the fallback DM', () => fake.directMessages('U0BACKUP').length === 1);
    await waitFor('the fallback webhook', () => received.length === 1);
    expect(received[0]).toMatchObject({ incident: { id: incident.id }, level: 1 });
    expect(pd.events).toEqual([]);
    await waitFor('the page parked on PagerDuty', async () => Number((await listBreakers(app.store)).find((b) => b.vendor === 'pagerduty')?.waiting) === 1);

    // A responder acknowledges (from the console) while PagerDuty is still down.
    await app.engine.runner.send(incident.id, { type: 'incident.acknowledge', via: 'console', actor: 'console:alice', at: new Date().toISOString() } as never);
    await new Promise((r) => setTimeout(r, 500));
    expect(pd.events).toEqual([]);
    expect(pd.refused.length).toBeGreaterThan(0);

    pd.up();
    await waitFor('PagerDuty gets the trigger and the acknowledge', () => pd!.events.length >= 2, 20_000);
    await effectsSettled(app, incident.id, 20_000);
    expect(pd.events.map((ev) => [ev.event_action, ev.dedup_key])).toEqual([
      ['trigger', incident.id],
      ['acknowledge', incident.id],
    ]);
    // Nothing twice, nothing dead: one fallback, one DM each.
    expect(received).toHaveLength(1);
    expect(fake.directMessages('U0BACKUP')).toHaveLength(1);
    expect(fake.directMessages('U0PRIMARY')).toHaveLength(1);
    expect((await timeline(app, incident.id)).filter((t) => t.kind === 'escalation.fallback')).toHaveLength(1);
    expect((await listEffects(app.store, incident.id)).filter((r) => r.status === 'dead')).toEqual([]);
    expect((await listBreakers(app.store)).find((b) => b.vendor === 'pagerduty')).toMatchObject({ state: 'closed', waiting: 0 });
  }, 90_000);
});
