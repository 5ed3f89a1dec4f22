// Test cases: an alert seen attached to an open incident is not planned again on repeat; when that
// hint is stale (the incident was resolved meanwhile) the store refuses the delivery unwritten and
// the alert is planned and declared as before. Shared by the PGlite and PostgreSQL suites.
import { expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/alert.js';
import { newIncidentId } from '../../../src/domain/incident.js';
import { AttachedAlerts } from '../../../src/incidents/attached-alerts.js';
import { ingestDelivery, type IngestDeps } from '../../../src/incidents/ingest.js';
import { SOURCE_SEVERITY_WORDS } from '../../../src/integrations/sources.js';
import { listAlerts, listIncidents } from '../../../src/store/incidents.js';
import { claimTimers } from '../../../src/store/timers.js';
import type { SqlTransport, Transport } from '../../../src/store/transport.js';
import { incidentDefinition } from '../../../src/workflows/incident/index.js';
import { WorkflowRunner } from '../../../src/workflows/runner.js';

/** Delivers the queued inbox events (the incident's number), as the scheduler would. */
async function drainInbox(t: Transport, runner: WorkflowRunner): Promise<void> {
  for (;;) {
    const due = await claimTimers(t, 'test', 500, 60_000);
    if (due.length === 0) return;
    for (const timer of due) await runner.deliverTimer(timer);
  }
}

export function planOnDemandCases(store: () => SqlTransport): void {
  const setup = (service: string) => {
    const t = store();
    const runner = new WorkflowRunner({ store: t, definitions: [incidentDefinition] });
    let planned = 0;
    const deps: IngestDeps = {
      store: t, runner, wake: () => {}, signalDelayMs: 0, sourceWords: SOURCE_SEVERITY_WORDS, attached: new AttachedAlerts(),
      routing: () => ({ correlationWindowMs: 60_000, severityMap: {}, defaults: { declare: 'sev2', policy: null, responders: [], correlateAcrossSources: false }, rules: [] }),
      chat: () => ({ channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: null, archiveAfterMs: null }),
      newIncidentId: () => {
        planned++;
        return newIncidentId();
      },
    };
    const alert = (key: string): Alert => ({
      source: 'generic', key, groupKey: null, status: 'firing', sourceSeverity: 'sev2', title: `${service} ${key}`, description: '',
      service, environment: null, tags: {}, links: [], startedAt: null, endedAt: null, raw: {},
    });
    const send = (key: string, deliveryId: string | null = null) => ingestDelivery('generic', { deliveryId, alerts: [alert(key)], external: [] }, deps);
    const incidents = async () => (await listIncidents(t, false)).filter((i) => i.service === service);
    return { t, runner, send, incidents, planned: () => planned };
  };

  it('plans an incident for a new alert, and none for its repeats while the incident is open', async () => {
    const s = setup('pod-repeat');
    expect((await s.send('a')).alerts).toEqual([expect.objectContaining({ outcome: 'declared' })]);
    expect(s.planned()).toBe(1);
    for (let i = 0; i < 3; i++) expect((await s.send('a')).alerts).toEqual([expect.objectContaining({ outcome: 'updated' })]);
    expect(s.planned()).toBe(1);
    expect(await s.incidents()).toHaveLength(1);
    expect((await listAlerts(s.t)).find((a) => a.key === 'a' && a.service === 'pod-repeat')?.count).toBe(4);
  });

  it('declares a new incident when a remembered alert repeats after its incident was resolved, counting the delivery once', async () => {
    const s = setup('pod-stale');
    await s.send('b');
    await drainInbox(s.t, s.runner);
    const [first] = await s.incidents();
    expect(await s.runner.send(first!.id, { type: 'incident.resolve', actor: 'U0ANN' })).toMatchObject({ ok: true });
    expect((await s.incidents())[0]).toMatchObject({ status: 'resolved' });
    const r = await s.send('b', 'delivery-after-resolve');
    expect(r.declared).toHaveLength(1);
    expect(r.alerts).toEqual([expect.objectContaining({ outcome: 'declared', incident_id: r.declared[0]!.id })]);
    expect(s.planned()).toBe(2);
    expect((await s.incidents()).map((i) => i.status).sort()).toEqual(['resolved', 'triggered']);
    // The refused first try wrote nothing: the alert counted once, the delivery id taken once.
    expect((await listAlerts(s.t)).find((a) => a.key === 'b' && a.service === 'pod-stale')?.count).toBe(2);
    expect((await s.send('b', 'delivery-after-resolve')).duplicate).toBe(true);
  });

  it('does not tell an incident its alerts changed for the alert that declared it; a later alert does', async () => {
    const s = setup('pod-signal');
    const signals = async (incidentId: string) =>
      (await s.t.query<{ timer_key: string }>(`select timer_key from timers where workflow_id = $1 and timer_key = 'signal:alerts.changed'`, [incidentId])).length;
    const declared = await s.send('first');
    const incidentId = declared.declared[0]!.id;
    // The summary is posted after this commit, rendered with the alert in it: no edit is owed.
    expect(await signals(incidentId)).toBe(0);
    const attached = await s.send('second');
    expect(attached.alerts).toEqual([expect.objectContaining({ outcome: 'attached', incident_id: incidentId })]);
    expect(await signals(incidentId)).toBe(1);
  });
}
