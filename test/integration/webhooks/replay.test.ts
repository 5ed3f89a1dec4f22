// Tests: a captured signed delivery replayed with fresh unsigned headers changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts, listIncidents } from '../../../src/store/incidents.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { waitFor } from '../engine/harness.js';
import { deliver, fixtureBytes, signedHeaders, startTestServer } from '../../support/webhooks.js';

let app: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  app = await startTestServer('routing:\n  defaults: { declare: sev2 }\n');
});
afterAll(async () => {
  await app?.stop();
});

const statusOf = async (id: string) => (await listIncidents(app.store, false)).find((i) => i.id === id)?.status;
const kinds = async (id: string) => (await app.engine.runner.timeline(id)).map((e) => e.kind);
/** Events queued for the incident's workflow and not yet delivered (the test server runs the embedded store). */
const pendingInbox = (id: string) =>
  (app.store as SqlTransport).query<{ n: number }>(`select count(*)::int as n from timers where workflow_id = $1 and timer_key like 'inbox:%'`, [id]);

describe('replayed PagerDuty webhooks', () => {
  it('a signed acknowledge replayed with a new X-Webhook-Id has no effect: no second event on the incident', async () => {
    const alert = Buffer.from(JSON.stringify({ key: 'replay-db', status: 'firing', title: 'Database is down', severity: 'sev1', service: 'replay-db' }));
    const declared = await deliver(app.url, 'generic', alert);
    const [incidentId] = declared.body.incidents as string[];
    await waitFor(async () => (await kinds(incidentId!)).includes('incident.declared'));

    // PagerDuty tells us its incident (our page, incident_key = our id) was acknowledged.
    const ack = JSON.parse(fixtureBytes('pagerduty', 'incident.acknowledged').toString()) as { event: { data: { incident_key: string } } };
    ack.event.data.incident_key = incidentId!;
    const captured = Buffer.from(JSON.stringify(ack));
    const first = await deliver(app.url, 'pagerduty', captured, undefined, { deliveryId: 'wh-original' });
    expect(first).toMatchObject({ status: 202, body: { duplicate: false, forwarded: 1 } });
    await waitFor(async () => (await statusOf(incidentId!)) === 'acknowledged');

    // Later the incident is resolved and fires again: escalation runs from level 1.
    await app.engine.runner.send(incidentId!, { type: 'incident.resolve', actor: 'U0ANN' });
    await app.engine.runner.send(incidentId!, { type: 'incident.reopen', actor: 'U0ANN' });
    expect(await statusOf(incidentId!)).toBe('triggered');

    // Someone who captured the signed body replays it with a header of their choosing.
    const replay = await deliver(app.url, 'pagerduty', captured, signedHeaders('pagerduty', captured, { deliveryId: 'wh-fresh-from-the-replayer' }));
    expect(replay).toMatchObject({ status: 202, body: { duplicate: true, forwarded: 0 } });
    expect((await pendingInbox(incidentId!))[0]?.n).toBe(0);
    // Give the scheduler time to deliver anything that was queued: nothing was.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await statusOf(incidentId!)).toBe('triggered');
    expect((await kinds(incidentId!)).filter((k) => k === 'incident.acknowledged')).toHaveLength(1);
  });

  it('a signed trigger replayed with a new X-Webhook-Id does not count again', async () => {
    // Another PagerDuty incident than the one acknowledged above (which the store now knows as ours).
    const body = Buffer.from(fixtureBytes('pagerduty', 'incident.triggered').toString().replaceAll('PGR0VU2', 'PREPLAY1'));
    expect((await deliver(app.url, 'pagerduty', body, undefined, { deliveryId: 'wh-t1' })).status).toBe(202);
    const replay = await deliver(app.url, 'pagerduty', body, undefined, { deliveryId: 'wh-t2' });
    expect(replay.body.duplicate).toBe(true);
    expect((await listAlerts(app.store)).filter((a) => a.source === 'pagerduty').map((a) => a.count)).toEqual([1]);
  });
});

describe('delivery ids too long for an index entry', () => {
  it('are kept by their digest: still a duplicate when repeated, never a store error', async () => {
    const body = JSON.parse(fixtureBytes('pagerduty', 'incident.triggered').toString().replaceAll('PGR0VU2', 'PLONGID1')) as { event: { id: string } };
    body.event.id = 'x'.repeat(5000);
    const bytes = Buffer.from(JSON.stringify(body));
    expect((await deliver(app.url, 'pagerduty', bytes)).body.duplicate).toBe(false);
    expect((await deliver(app.url, 'pagerduty', bytes)).body.duplicate).toBe(true);
  });
});

describe('replayed Sentry and Grafana webhooks', () => {
  it('Sentry: the same signed body with a fresh Request-ID and timestamp is a duplicate', async () => {
    const body = fixtureBytes('sentry', 'metric_alert.critical');
    const headers = signedHeaders('sentry', body, { fixture: 'metric_alert.critical' });
    expect((await deliver(app.url, 'sentry', body, { ...headers, 'request-id': 'first' })).body.duplicate).toBe(false);
    const replay = await deliver(app.url, 'sentry', body, { ...headers, 'request-id': 'second', 'sentry-hook-timestamp': String(Math.floor(Date.now() / 1000)) });
    expect(replay).toMatchObject({ status: 202, body: { duplicate: true } });
    expect((await listAlerts(app.store)).filter((a) => a.source === 'sentry').map((a) => a.count)).toEqual([1]);
  });

  it('Sentry: a stale Sentry-Hook-Timestamp is refused and stores nothing', async () => {
    const body = fixtureBytes('sentry', 'event_alert.triggered');
    const headers = { ...signedHeaders('sentry', body), 'sentry-hook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
    const before = (await listAlerts(app.store)).length;
    expect((await deliver(app.url, 'sentry', body, headers)).status).toBe(401);
    expect(await listAlerts(app.store)).toHaveLength(before);
  });

  it('Grafana: the same signed timestamp and body again is a duplicate; without a timestamp it is refused', async () => {
    const body = fixtureBytes('grafana', 'firing');
    const headers = signedHeaders('grafana', body);
    expect((await deliver(app.url, 'grafana', body, headers)).body.duplicate).toBe(false);
    expect((await deliver(app.url, 'grafana', body, headers)).body.duplicate).toBe(true);
    const { 'x-grafana-alerting-timestamp': _ts, ...untimed } = headers;
    const refused = await deliver(app.url, 'grafana', body, untimed);
    expect(refused.status).toBe(401);
  });
});
