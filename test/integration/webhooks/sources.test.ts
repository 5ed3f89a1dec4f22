import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookAlertSource as AlertSource } from '../../../src/domain/alert.js';
import { listAlerts, listIncidents } from '../../../src/store/incidents.js';
import { deliver, fixtureBytes, startTestServer } from '../../support/webhooks.js';

let app: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.stop();
});

/** Each source's documented sequence: fires → repeats → recovers, all about one alert. */
const sequences: Array<{ source: AlertSource; fire: string; repeat: string; recover: string; alerts: number }> = [
  { source: 'datadog', fire: 'triggered', repeat: 'renotify', recover: 'recovered', alerts: 1 },
  { source: 'sentry', fire: 'event_alert.triggered', repeat: 'event_alert.retriggered', recover: 'issue.resolved', alerts: 1 },
  { source: 'alertmanager', fire: 'firing', repeat: 'firing', recover: 'resolved', alerts: 2 },
  { source: 'grafana', fire: 'firing', repeat: 'firing', recover: 'resolved', alerts: 2 },
  { source: 'generic', fire: 'firing', repeat: 'firing', recover: 'resolved', alerts: 1 },
];

async function incidentsOf(source: AlertSource) {
  const alerts = (await listAlerts(app.store)).filter((a) => a.source === source);
  return { alerts, incidents: [...new Set(alerts.map((a) => a.incident_id))] };
}

describe.each(sequences)('POST /webhooks/$source', ({ source, fire, repeat, recover, alerts }) => {
  it('declares an incident, keeps a repeat in it, and resolves the alert on recovery', async () => {
    const first = await deliver(app.url, source, fixtureBytes(source, fire), undefined, { fixture: fire });
    expect(first.status).toBe(202);
    expect(first.body.declared).toHaveLength(1);
    const afterFire = await incidentsOf(source);
    expect(afterFire.alerts).toHaveLength(alerts);
    expect(afterFire.incidents).toHaveLength(1);
    expect(afterFire.incidents[0]).not.toBeNull();

    const again = await deliver(app.url, source, fixtureBytes(source, repeat), undefined, { fixture: repeat });
    expect(again.status).toBe(202);
    const afterRepeat = await incidentsOf(source);
    expect(afterRepeat.alerts).toHaveLength(alerts);
    expect(afterRepeat.incidents).toEqual(afterFire.incidents);
    expect(afterRepeat.alerts.every((a) => a.count === 2)).toBe(true);

    const done = await deliver(app.url, source, fixtureBytes(source, recover), undefined, { fixture: recover });
    expect(done.status).toBe(202);
    const afterRecover = await incidentsOf(source);
    expect(afterRecover.alerts.every((a) => a.status === 'resolved')).toBe(true);
    expect(afterRecover.incidents).toEqual(afterFire.incidents);
  });
});

describe('POST /webhooks/alertmanager partial recovery', () => {
  it('keeps the incident open while some of the group still fires', async () => {
    const fire = JSON.parse(fixtureBytes('alertmanager', 'firing').toString()) as { groupKey: string };
    const partial = JSON.parse(fixtureBytes('alertmanager', 'partial-resolve').toString()) as { groupKey: string };
    fire.groupKey = partial.groupKey = `${fire.groupKey}-partial`;
    expect((await deliver(app.url, 'alertmanager', Buffer.from(JSON.stringify(fire)))).status).toBe(202);
    const r = await deliver(app.url, 'alertmanager', Buffer.from(JSON.stringify(partial)));
    expect(r.status).toBe(202);
    const [incidentId] = r.body.incidents as string[];
    const incident = (await listIncidents(app.store)).find((i) => i.id === incidentId);
    expect(incident).toMatchObject({ alerts_firing: 1, alerts_total: 2 });
    expect(incident?.status).not.toBe('resolved');
  });
});

describe('POST /webhooks/pagerduty', () => {
  it('answers a ping with 200 and stores nothing', async () => {
    const before = (await listAlerts(app.store)).length;
    const r = await deliver(app.url, 'pagerduty', fixtureBytes('pagerduty', 'pagey.ping'));
    expect(r.status).toBe(200);
    expect(r.body.ignored).toMatch(/ping/);
    expect(await listAlerts(app.store)).toHaveLength(before);
  });

  it('turns an incident someone else opened into an alert, and its resolve into a recovery', async () => {
    const fired = await deliver(app.url, 'pagerduty', fixtureBytes('pagerduty', 'incident.triggered'));
    expect(fired.status).toBe(202);
    const resolved = await deliver(app.url, 'pagerduty', fixtureBytes('pagerduty', 'incident.resolved'));
    expect(resolved.status).toBe(202);
    const pd = (await listAlerts(app.store)).filter((a) => a.source === 'pagerduty');
    expect(pd).toEqual([expect.objectContaining({ status: 'resolved' })]);
  });

  it('changes nothing when the same delivery (X-Webhook-Id) comes again', async () => {
    const body = fixtureBytes('pagerduty', 'incident.reopened');
    const first = await deliver(app.url, 'pagerduty', body, undefined, { deliveryId: 'redelivered-1' });
    const second = await deliver(app.url, 'pagerduty', body, undefined, { deliveryId: 'redelivered-1' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.duplicate).toBe(true);
  });
});
