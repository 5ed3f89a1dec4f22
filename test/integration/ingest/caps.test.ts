// Tests: caps on intake — alerts per delivery and declarations per minute per source, counted by the
// store. Over a cap alerts are stored but declare nothing; a storm is noted once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertSource } from '../../../src/domain/alert.js';
import type { RoutingConfig } from '../../../src/domain/routing.js';
import { ingestDelivery, type Delivery, type IngestDeps } from '../../../src/incidents/ingest.js';
import { SOURCE_SEVERITY_WORDS } from '../../../src/integrations/sources.js';
import { listAlerts, listIncidents, type IntakeLimits } from '../../../src/store/incidents.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { incidentDefinition } from '../../../src/workflows/incident/index.js';
import { WorkflowRunner } from '../../../src/workflows/runner.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

let store: SqlTransport;
let deps: IngestDeps;
let limits: IntakeLimits;

const alert = (i: number | string, over: Partial<Alert> = {}): Alert => ({
  source: 'generic', key: `k-${i}`, groupKey: null, status: 'firing', sourceSeverity: 'sev2', title: `Service ${i} down`,
  description: '', service: `svc-${i}`, environment: null, tags: {}, links: [], startedAt: null, endedAt: null, raw: {}, ...over,
});
const delivery = (alerts: Alert[]): Delivery => ({ deliveryId: null, alerts, external: [] });
const ingest = (alerts: Alert[], source: AlertSource = 'generic') => ingestDelivery(source, delivery(alerts), deps);
const storms = () =>
  store.query<{ actor: string; via: string; outcome: string; data: { reason: string; cap: number } }>(
    `select actor, via, outcome, data from audit_log where action = 'alerts.storm' order by id`,
  );
const stormEntries = () => store.query<{ workflow_id: string; message: string }>(`select workflow_id, message from timeline where kind = 'alerts.storm' order by id`);
/** As if a minute went by: the declarations and the last held alert fall out of the window. */
const aMinuteLater = async () => {
  await store.exec(`update incidents set opened_at = opened_at - interval '2 minutes'`);
  await store.exec(`update alert_storms set last_held_at = last_held_at - interval '2 minutes'`);
};

beforeEach(async () => {
  store = await openTestEmbedded();
  const runner = new WorkflowRunner({ store, definitions: [incidentDefinition] });
  const routing: RoutingConfig = {
    correlationWindowMs: 30 * 60_000, severityMap: {}, rules: [],
    defaults: { declare: 'sev2', policy: null, responders: [], correlateAcrossSources: false },
  };
  limits = { maxAlertsPerDelivery: null, maxDeclarationsPerMinute: 3 };
  deps = {
    store, runner, routing: () => routing, wake: () => {}, signalDelayMs: 0, limits: () => limits, sourceWords: SOURCE_SEVERITY_WORDS,
    chat: () => ({ channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: null, archiveAfterMs: null, closeAfterMs: null }),
  };
});
afterEach(async () => {
  await store.close();
});

describe('declarations per minute per source', () => {
  it('declares up to the cap, then stores alerts without declaring and notes the storm once', async () => {
    const results = [];
    for (let i = 1; i <= 6; i++) results.push(await ingest([alert(i)]));
    expect(results.map((r) => r.alerts[0]?.outcome)).toEqual(['declared', 'declared', 'declared', 'held', 'held', 'held']);
    expect(results.map((r) => r.held)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(results.map((r) => r.storm !== null)).toEqual([false, false, false, true, false, false]);

    // Nothing lost: every alert is stored, the held ones without an incident.
    const stored = await listAlerts(store);
    expect(stored).toHaveLength(6);
    expect(stored.filter((a) => a.incident_id === null).map((a) => a.key).sort()).toEqual(['k-4', 'k-5', 'k-6']);
    expect(await listIncidents(store)).toHaveLength(3);

    // One notice: an audit row, and a line on the newest incident the source declared.
    expect(await storms()).toEqual([{ actor: 'alert:generic', via: 'alert', outcome: 'held', data: { reason: 'declarations', cap: 3, first_held: 'Service 4 down' } }]);
    const newest = results[2]!.declared[0]!.id;
    expect(await stormEntries()).toEqual([{ workflow_id: newest, message: expect.stringContaining('more than 3 incidents declared in a minute') }]);
    expect(results[3]!.storm).toMatchObject({ source: 'generic', reason: 'declarations', cap: 3, incident_id: newest });
  });

  it('counts each source on its own', async () => {
    for (let i = 1; i <= 3; i++) await ingest([alert(i)]);
    const other = await ingest([alert('dd', { source: 'datadog', sourceSeverity: 'P2' })], 'datadog');
    expect(other.alerts[0]?.outcome).toBe('declared');
  });

  it('still lets alerts join open incidents during a storm: only declarations are capped', async () => {
    for (let i = 1; i <= 4; i++) await ingest([alert(i)]);
    const sameService = await ingest([alert('1b', { service: 'svc-1' })]);
    expect(sameService.alerts[0]?.outcome).toBe('attached');
  });

  it('counts the declarations of one delivery too', async () => {
    const r = await ingest([1, 2, 3, 4, 5].map((i) => alert(i)));
    expect(r.alerts.map((a) => a.outcome)).toEqual(['declared', 'declared', 'declared', 'held', 'held']);
    expect(r.declared).toHaveLength(3);
    expect(r.held).toBe(2);
    expect(await storms()).toHaveLength(1);
  });

  it('declares a held alert when it fires again after the storm, and notes a later storm again', async () => {
    for (let i = 1; i <= 4; i++) await ingest([alert(i)]);
    await aMinuteLater();
    const again = await ingest([alert(4)]);
    expect(again.alerts[0]?.outcome).toBe('declared');
    expect((await listAlerts(store)).find((a) => a.key === 'k-4')).toMatchObject({ count: 2, incident_id: again.declared[0]?.id });

    for (let i = 5; i <= 7; i++) await ingest([alert(i)]);
    expect((await storms())).toHaveLength(2);
  });

  it('keeps one storm going while alerts keep being held, however long', async () => {
    for (let i = 1; i <= 4; i++) await ingest([alert(i)]);
    // Held alerts within the last minute keep the storm alive, even once the declarations age out.
    await store.exec(`update incidents set opened_at = opened_at - interval '2 minutes'`);
    await store.exec(`update alert_storms set last_held_at = now() - interval '30 seconds'`);
    for (let i = 5; i <= 9; i++) await ingest([alert(i)]);
    expect(await storms()).toHaveLength(1);
  });
});

describe('alerts per delivery', () => {
  it('stores every alert of an oversized delivery, but those past the cap declare and join nothing', async () => {
    limits = { maxAlertsPerDelivery: 2, maxDeclarationsPerMinute: null };
    await ingest([alert('open')]);
    const r = await ingest([alert('a'), alert('b'), alert('c'), alert('open-2', { service: 'svc-open' }), alert('d', { sourceSeverity: 'sev4' })]);
    // 'open-2' would have joined the open incident of svc-open; past the cap it does not. A mild
    // alert past the cap would not have declared anyway: it is just stored.
    expect(r.alerts.map((a) => a.outcome)).toEqual(['declared', 'declared', 'held', 'held', 'new']);
    expect(r.alerts.slice(2).every((a) => a.incident_id === null)).toBe(true);
    expect(await listAlerts(store)).toHaveLength(6);
    expect(await storms()).toEqual([expect.objectContaining({ data: { reason: 'delivery', cap: 2, first_held: 'Service c down' } })]);
  });

  it('still resolves alerts past the cap, and their incidents hear it', async () => {
    limits = { maxAlertsPerDelivery: 1, maxDeclarationsPerMinute: null };
    const fired = await ingest([alert('x')]);
    const r = await ingest([alert('y', { sourceSeverity: 'sev4' }), alert('x', { status: 'resolved' })]);
    expect(r.alerts.map((a) => a.outcome)).toEqual(['new', 'resolved']);
    expect(r.alerts[1]?.incident_id).toBe(fired.declared[0]?.id);
  });

  it('has no caps when none are configured', async () => {
    limits = { maxAlertsPerDelivery: null, maxDeclarationsPerMinute: null };
    const r = await ingest(Array.from({ length: 30 }, (_, i) => alert(i)));
    expect(r.declared).toHaveLength(30);
    expect(r.held).toBe(0);
  });
});
