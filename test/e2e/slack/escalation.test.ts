// E2e (escalation, first slice): a declared incident pages its policy's level 1 — a mention in the
// incident channel and a PagerDuty Events v2 trigger keyed by the incident — moves to level 2 when
// nobody acknowledges, and pages nobody after an acknowledgement.
import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANNOUNCE_CHANNEL, channelOf, effectsSettled, startSlackE2e, theIncident, timeline, waitFor, type SlackE2e } from './harness.js';
import { deliver, fixtureBytes } from '../../support/webhooks.js';

const ROUTING_KEY = 'R0UTINGKEY0123456789abcdef0123456';

let e: SlackE2e;
let pd: Server;
const events: Array<Record<string, unknown>> = [];

beforeEach(async () => {
  events.length = 0;
  pd = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      events.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: 'x' }));
    });
  });
  await new Promise<void>((r) => pd.listen(0, '127.0.0.1', () => r()));
  const port = (pd.address() as { port: number }).port;
  e = await startSlackE2e({
    env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: `http://127.0.0.1:${port}` },
    yaml: `
routing:
  defaults: { declare: sev2, policy: sre }
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0PRIMARY, pagerduty], timeout: 1s }
        - { targets: [U0SECONDARY], timeout: 1h }
`,
  });
});
afterEach(async () => {
  await e.stop();
  await new Promise((r) => pd.close(r));
});

const mentions = (channel: string, user: string) =>
  e.fake.state.messages.filter((m) => m.channel === channel && String(m.text).includes(`<@${user}>`) && String(m.text).includes('Paging'));

describe('escalation', () => {
  it('pages level 1 (Slack mention + PagerDuty trigger), then level 2 on timeout, and nothing after acknowledge', async () => {
    await e.alert({ key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev2', service: 'db' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);

    await waitFor('level 1 paged', () => mentions(channel, 'U0PRIMARY').length > 0 && events.length > 0);
    expect(events[0]).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: incident.id,
      payload: { summary: '#1 Database is down', severity: 'error', source: 'db' },
    });

    await waitFor('level 2 paged after level 1 timed out', () => mentions(channel, 'U0SECONDARY').length > 0, 20_000);
    const ack = await e.command('ack', { user: 'U0SECONDARY', channel });
    expect(ack.status).toBe(200);
    const kinds = (await timeline(e.app, incident.id)).map((t) => t.kind);
    expect(kinds.filter((k) => k === 'escalation.paged')).toHaveLength(2);
    expect(mentions(channel, 'U0PRIMARY')).toHaveLength(1);
    // The acknowledgement reaches PagerDuty with the same dedup_key; then resolving does too.
    await waitFor('PagerDuty acknowledged', () => events.some((ev) => ev.event_action === 'acknowledge'));
    await e.command('resolve Failed over to the replica', { user: 'U0SECONDARY', channel });
    await waitFor('PagerDuty resolved', () => events.some((ev) => ev.event_action === 'resolve'));
    expect(events.map((ev) => [ev.event_action, ev.dedup_key])).toEqual([
      ['trigger', incident.id],
      ['acknowledge', incident.id],
      ['resolve', incident.id],
    ]);
  }, 60_000);

  it('acknowledges from PagerDuty two-way without echoing the acknowledgement back to PagerDuty', async () => {
    await e.alert({ key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev2', service: 'db' });
    const incident = await theIncident(e.app);
    await waitFor('level 1 paged', () => events.length > 0);
    const body = JSON.parse(fixtureBytes('pagerduty', 'incident.acknowledged').toString()) as { event: { data: { incident_key: string; id: string } } };
    body.event.data.incident_key = incident.id;
    const r = await deliver(e.app.url, 'pagerduty', Buffer.from(JSON.stringify(body)));
    expect(r.status).toBe(202);
    await waitFor('acknowledged via PagerDuty', async () => (await timeline(e.app, incident.id)).some((t) => t.kind === 'incident.acknowledged'));
    await effectsSettled(e.app, incident.id);
    expect(events.map((ev) => ev.event_action)).toEqual(['trigger']);
  }, 60_000);
});
