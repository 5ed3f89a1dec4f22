// Test cases: deliveries that reach the store together go in one call (fb_alert_ingest_many), each
// still answered as it would be alone — declared, updated, duplicate, refused and planned again —
// and a delivery refused inside a group writes nothing while the others commit. Shared by the
// PGlite and PostgreSQL suites.
import { expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/alert.js';
import { AttachedAlerts } from '../../../src/incidents/attached-alerts.js';
import { ingestDelivery, type IngestDeps } from '../../../src/incidents/ingest.js';
import { SOURCE_SEVERITY_WORDS } from '../../../src/integrations/sources.js';
import { groupedIngest, listAlerts, listIncidents } from '../../../src/store/incidents.js';
import { claimTimers } from '../../../src/store/timers.js';
import type { Transport } from '../../../src/store/transport.js';
import { incidentDefinition } from '../../../src/workflows/incident/index.js';
import { WorkflowRunner } from '../../../src/workflows/runner.js';

export function groupedIngestCases(store: () => Transport): void {
  const setup = (service: string) => {
    const base = store();
    const calls: string[] = [];
    // The store as the code sees it, counting which functions are called.
    const t = new Proxy(base, {
      get: (target, key) => (key === 'rpc'
        ? (fn: string, args?: Record<string, unknown>) => {
          calls.push(fn);
          return target.rpc(fn, args);
        }
        : Reflect.get(target, key)),
    });
    const runner = new WorkflowRunner({ store: t, definitions: [incidentDefinition] });
    const deps: IngestDeps = {
      store: t, runner, wake: () => {}, signalDelayMs: 0, sourceWords: SOURCE_SEVERITY_WORDS, attached: new AttachedAlerts(),
      routing: () => ({ correlationWindowMs: 60_000, severityMap: {}, defaults: { declare: 'sev2', policy: null, responders: [], correlateAcrossSources: false }, rules: [] }),
      chat: () => ({ channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: null, archiveAfterMs: null }),
      storeIngest: groupedIngest(t, { concurrency: 1 }),
    };
    const alert = (key: string, status: Alert['status'] = 'firing'): Alert => ({
      source: 'generic', key: `${service}-${key}`, groupKey: null, status, sourceSeverity: 'sev2', title: `${service} ${key}`, description: '',
      service, environment: null, tags: {}, links: [], startedAt: null, endedAt: null, raw: {},
    });
    const deliver = (alerts: Alert[], deliveryId: string | null = null) => ingestDelivery('generic', { deliveryId, alerts, external: [] }, deps);
    const send = (key: string, opts: { deliveryId?: string | null; status?: Alert['status'] } = {}) => deliver([alert(key, opts.status)], opts.deliveryId ?? null);
    const alerts = async () => (await listAlerts(base)).filter((a) => a.service === service);
    const incidents = async () => (await listIncidents(base, false)).filter((i) => i.service === service);
    return { t: base, runner, calls, alert, deliver, send, alerts, incidents };
  };

  it('sends deliveries that arrive together in one store call, each answered as it would be alone', async () => {
    const s = setup('grouped');
    await s.send('known');
    s.calls.splice(0);
    const results = await Promise.all([
      s.send('known'),
      s.send('known', { deliveryId: 'same-delivery' }),
      s.send('known', { deliveryId: 'same-delivery' }),
      s.send('gone', { status: 'resolved' }),
      s.send('known'),
    ]);
    expect(s.calls.filter((f) => f.startsWith('fb_alert_ingest'))).toEqual(['fb_alert_ingest_many']);
    expect(results.map((r) => (r.duplicate ? 'duplicate' : r.alerts[0]?.outcome))).toEqual(['updated', 'updated', 'duplicate', 'resolved-unknown', 'updated']);
    expect((await s.alerts()).find((a) => a.key === 'grouped-known')?.count).toBe(4);
    expect(await s.incidents()).toHaveLength(1);
  });

  it('undoes only the refused delivery of a group (a stale hint), plans it and sends it again; the others commit', async () => {
    const s = setup('grouped-stale');
    await s.send('b');
    for (const timer of await claimTimers(s.t, 'test', 500, 60_000)) await s.runner.deliverTimer(timer);
    const [first] = await s.incidents();
    expect(await s.runner.send(first!.id, { type: 'incident.resolve', actor: 'U0ANN' })).toMatchObject({ ok: true });
    s.calls.splice(0);

    const [stale, other] = await Promise.all([s.send('b', { deliveryId: 'stale-delivery' }), s.send('c', { status: 'resolved' })]);
    // The group, then the refused delivery alone once planned.
    expect(s.calls.filter((f) => f.startsWith('fb_alert_ingest'))).toEqual(['fb_alert_ingest_many', 'fb_alert_ingest']);
    expect(stale.declared).toHaveLength(1);
    expect(stale.alerts).toEqual([expect.objectContaining({ outcome: 'declared' })]);
    expect(other.alerts).toEqual([expect.objectContaining({ outcome: 'resolved-unknown' })]);
    // The refused try inside the group wrote nothing: counted once, its delivery id taken once.
    expect((await s.alerts()).find((a) => a.key === 'grouped-stale-b')?.count).toBe(2);
    expect((await s.send('b', { deliveryId: 'stale-delivery' })).duplicate).toBe(true);
    expect((await s.incidents()).map((i) => i.status).sort()).toEqual(['resolved', 'triggered']);
  });

  it('answers a delivery that fails inside a group with its own error, leaving the others stored', async () => {
    const s = setup('grouped-bad');
    // A title the store refuses (not null): that delivery alone fails, with the store's own SQLSTATE.
    const broken = { ...s.alert('broken', 'resolved'), title: null as unknown as string };
    const [good, bad] = await Promise.allSettled([s.send('fine', { status: 'resolved' }), s.deliver([broken])]);
    expect(s.calls.filter((f) => f.startsWith('fb_alert_ingest'))).toEqual(['fb_alert_ingest_many']);
    expect(bad).toMatchObject({ status: 'rejected', reason: { name: 'StoreError', kind: 'rejected', cause: { code: '23502' } } });
    expect(good).toMatchObject({ status: 'fulfilled', value: { alerts: [expect.objectContaining({ outcome: 'resolved-unknown' })] } });
    expect((await s.alerts()).map((a) => a.key)).toEqual(['grouped-bad-fine']);
  });
}
