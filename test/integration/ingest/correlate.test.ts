import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/alert.js';
import type { RoutingConfig } from '../../../src/domain/routing.js';
import { DEFAULT_SEVERITY_MAP } from '../../../src/domain/severity.js';
import { ingestDelivery, type Delivery, type IngestDeps } from '../../../src/incidents/ingest.js';
import { listAlerts, listIncidents } from '../../../src/store/incidents.js';
import { claimTimers } from '../../../src/store/timers.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { incidentDefinition } from '../../../src/workflows/incident/index.js';
import { WorkflowRunner } from '../../../src/workflows/runner.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

let store: SqlTransport;
let runner: WorkflowRunner;
let deps: IngestDeps;
let routing: RoutingConfig;

const alert = (over: Partial<Alert> = {}): Alert => ({
  source: 'datadog', key: 'cycle-1', groupKey: null, status: 'firing', sourceSeverity: 'P2', title: 'Checkout p99 over 2s',
  description: 'latency', service: 'checkout', environment: 'prod', tags: { env: 'prod' }, links: [],
  startedAt: null, endedAt: null, raw: { id: 1 }, ...over,
});
const delivery = (alerts: Alert[], deliveryId: string | null = null): Delivery => ({ deliveryId, alerts, external: [] });

/** Delivers the queued inbox events, as the scheduler would. */
async function drainInbox(): Promise<void> {
  for (;;) {
    const due = await claimTimers(store, 'test', 500, 60_000);
    if (due.length === 0) return;
    for (const t of due) await runner.deliverTimer(t);
  }
}

beforeEach(async () => {
  store = await openTestEmbedded();
  runner = new WorkflowRunner({ store, definitions: [incidentDefinition] });
  routing = { correlationWindowMs: 30 * 60_000, severityMap: DEFAULT_SEVERITY_MAP, defaults: { declare: 'sev2', policy: null, responders: [] }, rules: [] };
  deps = {
    store, runner, routing: () => routing, wake: () => {}, signalDelayMs: 0,
    chat: () => ({ channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: null, archiveAfterMs: null }),
  };
});
afterEach(async () => {
  await store.close();
});

describe('correlation', () => {
  it('declares an incident for a firing alert at the threshold, numbered, with the alert attached', async () => {
    const r = await ingestDelivery('datadog', delivery([alert()]), deps);
    expect(r.alerts).toEqual([expect.objectContaining({ outcome: 'declared' })]);
    expect(r.declared).toHaveLength(1);
    await drainInbox();
    const [incident] = await listIncidents(store);
    expect(incident).toMatchObject({ title: 'Checkout p99 over 2s', severity: 'sev2', status: 'triggered', service: 'checkout', alerts_firing: 1 });
    const view = await runner.read(incident!.id);
    expect(view?.value).toEqual({ open: { triggered: 'unescalated' } });
    expect((view?.context as { status: string }).status).toBe('triggered');
    expect((view?.context as { number: number }).number).toBe(incident!.number);
    const kinds = (await runner.timeline(incident!.id)).map((e) => e.kind);
    expect(kinds).toEqual(['incident.declared', 'alert.attached']);
  });

  it('updates a known firing alert (count, last seen) instead of storing a second one', async () => {
    await ingestDelivery('datadog', delivery([alert()]), deps);
    const again = await ingestDelivery('datadog', delivery([alert({ title: 'Checkout p99 over 3s' })]), deps);
    expect(again.alerts[0]?.outcome).toBe('updated');
    const alerts = await listAlerts(store);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 2, title: 'Checkout p99 over 3s' });
    expect(await listIncidents(store)).toHaveLength(1);
  });

  it('absorbs a different alert of the same service into the open incident', async () => {
    await ingestDelivery('datadog', delivery([alert()]), deps);
    const r = await ingestDelivery('sentry', delivery([alert({ source: 'sentry', key: 'issue-9', sourceSeverity: 'error', title: 'TypeError in cart' })]), deps);
    expect(r.alerts[0]?.outcome).toBe('attached');
    const incidents = await listIncidents(store);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.alerts_total).toBe(2);
  });

  it('opens a second incident when the same service alerts after the correlation window', async () => {
    routing = { ...routing, correlationWindowMs: 1000 };
    await ingestDelivery('datadog', delivery([alert()]), deps);
    await store.exec(`update incidents set last_alert_at = now() - interval '10 seconds'`);
    const r = await ingestDelivery('datadog', delivery([alert({ key: 'cycle-2' })]), deps);
    expect(r.alerts[0]?.outcome).toBe('declared');
    expect(await listIncidents(store)).toHaveLength(2);
  });

  it('reopens the resolved incident when its alert fires again within the window, instead of declaring another', async () => {
    await ingestDelivery('datadog', delivery([alert()]), deps);
    await drainInbox();
    const [incident] = await listIncidents(store);
    await ingestDelivery('datadog', delivery([alert({ status: 'resolved' })]), deps);
    await runner.send(incident!.id, { type: 'incident.resolve', actor: 'U0ANN' });
    expect((await listIncidents(store, false))[0]).toMatchObject({ status: 'resolved' });

    const r = await ingestDelivery('datadog', delivery([alert({ title: 'Checkout p99 over 2s again' })]), deps);
    expect(r.alerts[0]).toMatchObject({ outcome: 'reopened', incident_id: incident!.id });
    await drainInbox();
    const incidents = await listIncidents(store, false);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: 'triggered', alerts_firing: 1 });
    const entries = await runner.timeline(incident!.id);
    expect(entries.find((e) => e.kind === 'incident.reopened')?.message).toBe('Reopened (via datadog): datadog alert firing again: Checkout p99 over 2s again');
  });

  it('declares a new incident when a resolved incident\'s alert fires again after the window', async () => {
    routing = { ...routing, correlationWindowMs: 1000 };
    await ingestDelivery('datadog', delivery([alert()]), deps);
    await drainInbox();
    const [incident] = await listIncidents(store);
    await ingestDelivery('datadog', delivery([alert({ status: 'resolved' })]), deps);
    await runner.send(incident!.id, { type: 'incident.resolve', actor: 'U0ANN' });
    await store.exec(`update alerts set last_seen = now() - interval '10 seconds'`);
    await store.exec(`update incidents set last_alert_at = now() - interval '10 seconds'`);
    const r = await ingestDelivery('datadog', delivery([alert()]), deps);
    expect(r.alerts[0]?.outcome).toBe('declared');
    expect(r.alerts[0]?.incident_id).not.toBe(incident!.id);
  });

  it('stores an alert below the declare threshold without declaring', async () => {
    const r = await ingestDelivery('datadog', delivery([alert({ sourceSeverity: 'P4' })]), deps);
    expect(r.alerts[0]).toMatchObject({ outcome: 'new', incident_id: null });
    expect(await listIncidents(store)).toHaveLength(0);
    expect(await listAlerts(store)).toEqual([expect.objectContaining({ severity: 'sev4', status: 'firing' })]);
  });

  it('resolves the alert and tells the incident when its last alert recovers', async () => {
    await ingestDelivery('datadog', delivery([alert(), alert({ key: 'cycle-b', title: 'Errors up' })]), deps);
    await ingestDelivery('datadog', delivery([alert({ status: 'resolved' })]), deps);
    await drainInbox();
    const [incident] = await listIncidents(store);
    expect(incident).toMatchObject({ alerts_firing: 1, status: 'triggered' });
    await ingestDelivery('datadog', delivery([alert({ key: 'cycle-b', status: 'resolved' })]), deps);
    await drainInbox();
    const kinds = (await runner.timeline(incident!.id)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'alert.resolved')).toHaveLength(2);
    expect(kinds.at(-1)).toBe('alerts.cleared');
    // Auto-resolve is the workflow's policy decision; by default the incident stays open.
    expect((await listIncidents(store))[0]).toMatchObject({ status: 'triggered', alerts_firing: 0 });
  });

  it('keeps one incident per source group and treats a partial recovery as an update', async () => {
    const group = (status: 'firing' | 'resolved', i: number) =>
      alert({ source: 'alertmanager', key: `fp-${i}`, groupKey: 'team-a/{}:{alertname="HighLatency"}', sourceSeverity: 'critical', status, title: `HighLatency pod-${i}` });
    const firing = await ingestDelivery('alertmanager', delivery(Array.from({ length: 300 }, (_, i) => group('firing', i))), deps);
    expect(firing.declared).toHaveLength(1);
    expect(new Set(firing.alerts.map((a) => a.incident_id)).size).toBe(1);
    expect(await listAlerts(store)).toHaveLength(300);

    // 100 of the 300 recover: the incident stays open with 200 firing.
    const partial = Array.from({ length: 300 }, (_, i) => group(i < 100 ? 'resolved' : 'firing', i));
    await ingestDelivery('alertmanager', delivery(partial), deps);
    await drainInbox();
    const [incident] = await listIncidents(store);
    expect(incident).toMatchObject({ alerts_firing: 200, alerts_total: 300, status: 'triggered' });
    const kinds = (await runner.timeline(incident!.id)).map((e) => e.kind);
    expect(kinds).not.toContain('alerts.cleared');
  });

  it('changes nothing on a redelivery with the same delivery id', async () => {
    await ingestDelivery('pagerduty', delivery([alert({ source: 'pagerduty', key: 'PD1', sourceSeverity: 'high' })], 'wh-1'), deps);
    const again = await ingestDelivery('pagerduty', delivery([alert({ source: 'pagerduty', key: 'PD1', sourceSeverity: 'high' })], 'wh-1'), deps);
    expect(again.duplicate).toBe(true);
    expect((await listAlerts(store))[0]?.count).toBe(1);
  });

  it('makes one alert and one incident from many identical deliveries at once', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => ingestDelivery('datadog', delivery([alert()]), deps)));
    expect(results.filter((r) => r.declared.length > 0)).toHaveLength(1);
    expect(await listAlerts(store)).toEqual([expect.objectContaining({ count: 200 })]);
    expect(await listIncidents(store)).toHaveLength(1);
  });

  it('forwards PagerDuty acknowledgements for an incident we paged, and ignores its own trigger coming back', async () => {
    await ingestDelivery('datadog', delivery([alert()]), deps);
    await drainInbox();
    const [incident] = await listIncidents(store);
    const trigger = await ingestDelivery('pagerduty', {
      deliveryId: 'wh-2',
      alerts: [alert({ source: 'pagerduty', key: 'PDX', sourceSeverity: 'high' })],
      external: [{ system: 'pagerduty', externalId: 'PDX', action: 'triggered', actor: null, incidentKey: incident!.id }],
    }, deps);
    expect(trigger.alerts).toHaveLength(0);
    const ack = await ingestDelivery('pagerduty', {
      deliveryId: 'wh-3', alerts: [],
      external: [{ system: 'pagerduty', externalId: 'PDX', action: 'acknowledged', actor: 'Ada Lovelace' }],
    }, deps);
    expect(ack.forwarded).toBe(1);
    await drainInbox();
    expect((await listIncidents(store))[0]?.status).toBe('acknowledged');
    const last = (await runner.timeline(incident!.id)).at(-1);
    expect(last).toMatchObject({ kind: 'incident.acknowledged', actor: 'pagerduty:Ada Lovelace', message: 'Acknowledged (via PagerDuty)' });
  });

  it('treats a PagerDuty trigger we did not cause as an alert', async () => {
    const r = await ingestDelivery('pagerduty', {
      deliveryId: 'wh-4',
      alerts: [alert({ source: 'pagerduty', key: 'PDY', sourceSeverity: 'high', service: 'payments' })],
      external: [{ system: 'pagerduty', externalId: 'PDY', action: 'triggered', actor: null, incidentKey: 'someone-elses-key' }],
    }, deps);
    expect(r.alerts[0]?.outcome).toBe('declared');
  });
});
