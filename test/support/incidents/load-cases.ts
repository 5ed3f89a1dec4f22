// Test cases: loadIncident reads the workflow and its alerts in one store call (fb_incident_load) and
// answers exactly what the two separate reads (runner.read, incidentAlerts) answer. Shared by the
// PGlite and PostgreSQL suites.
import { expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/alert.js';
import { ingestDelivery } from '../../../src/incidents/ingest.js';
import { loadIncident } from '../../../src/incidents/view.js';
import { SOURCE_SEVERITY_WORDS } from '../../../src/integrations/sources.js';
import { incidentAlerts, listIncidents } from '../../../src/store/incidents.js';
import { addFollowup, listFollowups } from '../../../src/store/reports.js';
import type { Transport } from '../../../src/store/transport.js';
import { incidentDefinition } from '../../../src/workflows/incident/index.js';
import { WorkflowRunner } from '../../../src/workflows/runner.js';

const alert = (key: string, status: Alert['status'] = 'firing', tags: Record<string, string> = {}): Alert => ({
  source: 'generic', key, groupKey: null, status, sourceSeverity: 'sev2', title: `Checkout ${key}`, description: '',
  service: 'checkout-load', environment: null, tags, links: [{ kind: 'graph', url: `https://grafana.example/${key}` }],
  startedAt: null, endedAt: null, raw: {},
});

function ingestDeps(t: Transport, runner: WorkflowRunner) {
  return {
    store: t, runner, wake: () => {}, signalDelayMs: 0, sourceWords: SOURCE_SEVERITY_WORDS,
    routing: () => ({ correlationWindowMs: 60_000, severityMap: {}, defaults: { declare: 'sev2' as const, policy: null, responders: [], correlateAcrossSources: false }, rules: [] }),
    chat: () => ({ channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: null, archiveAfterMs: null }),
  };
}

export function incidentLoadCases(store: () => Transport): void {
  it('reads the incident and its alerts as the two separate reads do, and null for an unknown id', async () => {
    const t = store();
    const runner = new WorkflowRunner({ store: t, definitions: [incidentDefinition] });
    const deps = ingestDeps(t, runner);
    await ingestDelivery('generic', { deliveryId: null, alerts: [alert('a'), alert('b'), alert('c')], external: [] }, deps);
    await ingestDelivery('generic', { deliveryId: null, alerts: [alert('b', 'resolved')], external: [] }, deps);
    const incident = (await listIncidents(t)).find((i) => i.service === 'checkout-load')!;

    const loaded = await loadIncident(t, runner, incident.id);
    const workflow = await runner.read(incident.id);
    const alerts = await incidentAlerts(t, incident.id);
    expect(loaded?.context).toEqual(workflow?.context);
    expect(loaded?.workflowStatus).toBe('active');
    expect(loaded?.view).toMatchObject({ id: incident.id, title: 'Checkout a', severity: 'sev2', service: 'checkout-load' });
    expect(loaded?.view.alerts).toEqual({
      firing: 2, resolved: 1,
      latest: alerts.latest.map((a) => ({ source: a.source, title: a.title, status: a.status, url: a.links[0]?.url ?? null })),
    });
    expect(loaded?.view.alerts.latest).toHaveLength(3);

    expect(await loadIncident(t, runner, 'no-such-incident')).toBeNull();
  });

  it('with followups, the same one call also brings the follow-ups and the IPs the alerts carry, latest first', async () => {
    const t = store();
    const runner = new WorkflowRunner({ store: t, definitions: [incidentDefinition] });
    const deps = ingestDeps(t, runner);
    await ingestDelivery('generic', { deliveryId: null, alerts: [alert('ip-1', 'firing', { client_ip: '203.0.113.7' })], external: [] }, deps);
    await ingestDelivery('generic', { deliveryId: null, alerts: [alert('ip-2', 'firing', { ip: '198.51.100.9' })], external: [] }, deps);
    const incident = (await listIncidents(t)).find((i) => i.service === 'checkout-load')!;
    const actor = { id: 'U0ADA', team: 'T0TEAM', via: 'slack' as const };
    await addFollowup(t, incident.id, { text: 'Rate-limit logins', owner: 'U0ADA', due: '2026-12-31' }, actor);

    const plain = await loadIncident(t, runner, incident.id);
    expect(plain?.view.followups).toBeUndefined();
    expect(plain?.view.ipsSeen).toBeUndefined();

    const full = await loadIncident(t, runner, incident.id, { followups: true });
    const [followup] = await listFollowups(t, incident.id);
    expect(full?.view.followups).toEqual([{ id: followup!.id, text: 'Rate-limit logins', owner: 'U0ADA', due: '2026-12-31', done: false }]);
    expect(typeof full?.view.followups?.[0]?.id).toBe('number');
    expect(full?.view.ipsSeen).toEqual(['198.51.100.9', '203.0.113.7']);
  });
}
