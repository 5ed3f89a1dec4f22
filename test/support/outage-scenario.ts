// Test support (vendor outages, real processes): the Slack-outage scenario the restart and replica
// tests share — three incidents declared through webhooks while the fake Slack refuses connections,
// escalated, #2 acknowledged and #3 resolved through PagerDuty's webhook — and what must hold once
// Slack is back, read from the fake and the store.
import { expect } from 'vitest';
import { listIncidents } from '../../src/store/incidents.js';
import type { SqlTransport } from '../../src/store/transport.js';
import { waitUntil } from './escalation-fixtures.js';
import type { FakeSlack } from './fake-slack.js';
import type { FirebreakProcess } from './firebreak-process.js';
import { SLACK_SIGNING_SECRET } from './slack-requests.js';
import { SECRETS, deliver, fixtureBytes } from './webhooks.js';

export const ANNOUNCE = 'CINCIDENTS';
export const METRICS_TOKEN = 'outage-scrape-token-0123';

export const OUTAGE_YAML = `
routing:
  defaults: { declare: sev2, policy: sre }
slack:
  announce_channel: ${ANNOUNCE}
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0PRIMARY], timeout: 2s }
        - { targets: [U0SECONDARY], timeout: 1h }
runner:
  dispatcher: { backoff: { initial: 100ms, max: 500ms } }
  vendors:
    slack: { failures_to_open: 3, probe_interval: 500ms, rate: 50 }
`;

export function outageEnv(slack: FakeSlack): Record<string, string> {
  return {
    WEBHOOK_TOKEN: SECRETS.WEBHOOK_TOKEN,
    PAGERDUTY_WEBHOOK_SECRET: SECRETS.PAGERDUTY_WEBHOOK_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-outage-0000-firebreak',
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    METRICS_TOKEN,
    LOG_LEVEL: 'info',
  };
}

export function prepareFake(slack: FakeSlack): void {
  slack.state.channels.set(ANNOUNCE, { id: ANNOUNCE, name: 'incidents', is_private: false, is_archived: false, creator: 'UADMIN', created: 0, topic: '' });
  slack.state.members.set(ANNOUNCE, new Set([slack.state.botUserId]));
}

/** One gauge from /metrics (e.g. `firebreak_vendor_breaker_open{vendor="slack"}`), or null when absent. */
export async function gauge(server: FirebreakProcess, series: string): Promise<number | null> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).catch(() => null);
  if (!res?.ok) return null;
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

/** Declares the three incidents (through `servers` in turn); returns their ids, in order. */
export async function declareThree(servers: FirebreakProcess[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, service] of ['db', 'api', 'queue'].entries()) {
    const body = Buffer.from(JSON.stringify({ key: service, status: 'firing', title: `${service} is down`, severity: 'sev2', service }));
    const res = await deliver(servers[i % servers.length]!.url, 'generic', body);
    expect(res.status).toBe(202);
    ids.push(...((res.body as { incidents: string[] }).incidents));
  }
  expect(ids).toHaveLength(3);
  return ids;
}

/** PagerDuty's v3 webhook saying a responder acknowledged or resolved the incident paged under `incidentId`. */
export async function viaPagerDuty(server: FirebreakProcess, incidentId: string, what: 'acknowledged' | 'resolved'): Promise<void> {
  const fixture = JSON.parse(fixtureBytes('pagerduty', `incident.${what}`).toString()) as { event: { id: string; data: { id: string; incident_key: string } } };
  fixture.event.id = `${fixture.event.id}-${incidentId}-${what}`;
  fixture.event.data.id = `P${incidentId.slice(-6).toUpperCase()}`;
  fixture.event.data.incident_key = incidentId;
  const res = await deliver(server.url, 'pagerduty', Buffer.from(JSON.stringify(fixture)), undefined, { fixture: `incident.${what}` });
  expect(res.status).toBe(202);
}

/** Waits for the breaker to be open at `server`'s /metrics with effects waiting. */
export async function awaitParked(server: FirebreakProcess): Promise<void> {
  await waitUntil('the Slack breaker open on /metrics', async () => (await gauge(server, 'firebreak_vendor_breaker_open{vendor="slack"}')) === 1, 30_000);
  await waitUntil('effects waiting for Slack on /metrics', async () => ((await gauge(server, 'firebreak_vendor_waiting_effects{vendor="slack"}')) ?? 0) > 0, 30_000);
}

/** Once Slack is back: what every run of the scenario must end with, whatever crashed or ran twice. */
export async function expectRecovered(slack: FakeSlack, store: SqlTransport, ids: string[]): Promise<void> {
  const [one, two, three] = ids as [string, string, string];
  const incidents = await listIncidents(store, false);
  const channelOf = (id: string) => incidents.find((x) => x.id === id)?.external.slack;
  for (const id of ids) {
    const channel = channelOf(id);
    expect(channel, `incident ${id} has a channel`).toBeDefined();
    const number = incidents.find((x) => x.id === id)!.number;
    expect(slack.calls.filter((c) => c.method === 'conversations.create' && c.ok && String(c.params.name).startsWith(`inc-${number}-`))).toHaveLength(1);
    expect(slack.state.pins.get(channel!)?.size).toBe(1);
  }
  const pinned = (id: string) => {
    const channel = channelOf(id)!;
    const ts = [...slack.state.pins.get(channel)!][0]!;
    return JSON.stringify(slack.state.messages.find((m) => m.channel === channel && m.ts === ts)?.blocks);
  };
  expect(pinned(two)).toMatch(/Acknowledged/);
  expect(pinned(three)).toMatch(/Resolved/);
  const paging = (id: string) => slack.state.messages.filter((m) => m.channel === channelOf(id) && m.text.includes('Paging')).map((m) => /<@(U0[A-Z]+)>/.exec(m.text)?.[1]);
  expect(paging(one)).toEqual(['U0PRIMARY', 'U0SECONDARY']);
  expect(paging(two)).toEqual([]);
  expect(paging(three)).toEqual([]);
  expect(slack.directMessages('U0PRIMARY')).toHaveLength(1);
  expect(slack.directMessages('U0SECONDARY')).toHaveLength(1);
  expect(slack.state.messages.filter((m) => m.channel === ANNOUNCE && m.text.includes('unreachable'))).toHaveLength(1);
  expect(await store.query(`select id, effect_type, last_error from outbox where status = 'dead'`)).toEqual([]);
}

/** Everything the incidents asked of Slack is done (the recap included). */
export async function awaitDrained(slack: FakeSlack, ids: string[], pending: () => Promise<number>): Promise<void> {
  await waitUntil('the outage recap', () => slack.state.messages.some((m) => m.channel === ANNOUNCE && m.text.includes('unreachable')), 60_000);
  await waitUntil(`the effects of ${ids.length} incidents to finish`, async () => (await pending()) === 0, 60_000);
}
