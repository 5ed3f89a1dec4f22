// E2e (paging channels): level 1 pages Slack users (by id, by email, through a user group) with a
// mention in the incident channel and a DM carrying an Acknowledge button that works from the DM; with Slack and PagerDuty both down the page
// is retried, then shown as failed on the timeline, in the channel and on the pinned summary.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentContext } from '../../../src/workflows/incident/index.js';
import { ACTION_IDS } from '../../../src/integrations/slack/ids.js';
import {
  ANNOUNCE_CHANNEL, blocksText, buttonsOf, channelOf, startSlackE2e, summaryMessage, theIncident, timeline, waitFor, type SlackE2e,
} from './harness.js';

const ROUTING_KEY = 'R0UTINGKEY0123456789abcdef0123456';

let e: SlackE2e | undefined;
let pd: Server | undefined;
const events: Array<Record<string, unknown>> = [];

afterEach(async () => {
  await e?.stop();
  if (pd) await new Promise((r) => pd!.close(r));
  e = undefined;
  pd = undefined;
  events.length = 0;
});

/** A loopback PagerDuty Events API answering every event with `status`. */
async function startPagerDuty(status: number): Promise<string> {
  pd = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      events.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 202 ? { status: 'success', message: 'Event processed' } : { status: 'unavailable' }));
    });
  });
  await new Promise<void>((r) => pd!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(pd.address() as AddressInfo).port}`;
}

const yaml = (targets: string, runner = '') => `
${runner}
routing:
  defaults: { declare: sev2, policy: sre }
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
escalation:
  policies:
    sre:
      levels:
        - { targets: [${targets}], timeout: 1h }
`;

const ALERT = { key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev2', service: 'db' };

describe('paging channels', () => {
  it('pages a user with a channel mention and a DM whose Acknowledge button acknowledges the incident', async () => {
    e = await startSlackE2e({
      yaml: yaml('U0PRIMARY, ada@example.com, S0ONCALL'),
      fake: { users: [{ id: 'U0ADA', name: 'ada', email: 'ada@example.com' }], usergroups: { S0ONCALL: ['U0ADA', 'U0GRACE'] } },
    });
    const app = e.app;
    await e.alert(ALERT);
    const incident = await theIncident(app);
    const channel = await channelOf(app, incident.id);

    const dm = await waitFor('the DM to U0PRIMARY', () => e!.fake.directMessages('U0PRIMARY')[0]);
    await waitFor('the DM to ada (found by email)', () => e!.fake.directMessages('U0ADA')[0]);
    await waitFor('the DM to grace (a member of the paged group)', () => e!.fake.directMessages('U0GRACE')[0]);
    // The page does not wait for the channel: the mention may follow the DMs on a retry.
    const mention = await waitFor('the mention in the incident channel', () => e!.fake.state.messages.find((m) => m.channel === channel && m.text.includes('Paging')));
    expect(mention.text).toContain('<@U0PRIMARY> <@U0ADA> <!subteam^S0ONCALL> (level 1)');
    // Ada is paged by email and through the group: one DM.
    expect(e.fake.directMessages('U0ADA')).toHaveLength(1);
    expect(blocksText(dm.blocks)).toContain('You are paged (level 1)');
    expect(buttonsOf(dm.blocks)).toEqual([ACTION_IDS.acknowledge]);
    const button = (dm.blocks as Array<{ elements?: Array<{ value?: string }> }>)[1]!.elements![0]!;
    expect(button.value).toBe(incident.id);

    const answer = await e.click(ACTION_IDS.acknowledge, button.value!, { user: 'U0PRIMARY', channel: dm.channel, messageTs: dm.ts });
    expect(answer.status).toBe(200);
    await waitFor('acknowledged from the DM', async () => (await timeline(app, incident.id)).some((t) => t.kind === 'incident.acknowledged'));
    const ephemeral = await waitFor('the ephemeral answer to the click', () => e!.responses.posts.find((p) => p.path.includes('click')));
    expect(ephemeral.body).toMatchObject({ response_type: 'ephemeral' });
    expect((await app.engine.runner.read(incident.id))?.context).toMatchObject({ status: 'acknowledged' });
  }, 60_000);

  it('with Slack and PagerDuty both down, retries the page and then shows it failed on the timeline, in the channel and on the summary', async () => {
    const eventsUrl = await startPagerDuty(503);
    e = await startSlackE2e({
      yaml: yaml('U0PRIMARY, pagerduty', 'runner:\n  dispatcher: { max_attempts: 3, retry_for: 0s, backoff: { initial: 50ms, max: 100ms } }'),
      env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: eventsUrl },
      // Slack is down for paging only (the mention and the DM): the channel and summary still work,
      // so the failure can be shown there.
      beforeStart: (fake) => {
        fake.failWhile('chat.postMessage', (p) => String(p.text).includes('Paging'), { status: 503 });
        fake.failWhile('conversations.open', () => true, { status: 503 });
      },
    });
    const app = e.app;
    await e.alert(ALERT);
    const incident = await theIncident(app);
    const channel = await channelOf(app, incident.id);

    const failed = await waitFor('the page given up', async () => (await timeline(app, incident.id)).filter((t) => t.kind === 'escalation.page_failed').length >= 2 && (await timeline(app, incident.id)).filter((t) => t.kind === 'escalation.page_failed'));
    expect(failed.map((t) => t.message)).toEqual([
      expect.stringMatching(/^Page level 1 failed for U0PRIMARY, pagerduty: .*HTTP 503.* — retrying$/),
      expect.stringMatching(/^Page level 1 failed for U0PRIMARY, pagerduty: .* — gave up$/),
    ]);
    expect(events.filter((ev) => ev.event_action === 'trigger')).toHaveLength(3);
    expect(failed.map((t) => t.message).join('\n')).not.toContain(ROUTING_KEY);

    const context = (await app.engine.runner.read(incident.id))?.context as IncidentContext;
    expect(context.pageFailures).toEqual([expect.objectContaining({ level: 0, targets: ['U0PRIMARY', 'pagerduty'], final: true })]);
    await waitFor('the failure said in the channel', () => e!.fake.state.messages.some((m) => m.channel === channel && m.text.includes('*Page level 1 failed*')));
    await waitFor('the failure on the pinned summary', () => /Page level 1 failed.*U0PRIMARY, pagerduty.*gave up/.test(blocksText(summaryMessage(e!.fake, channel)?.blocks)));
    expect(e.fake.directMessages('U0PRIMARY')).toHaveLength(0);
  }, 60_000);
});
