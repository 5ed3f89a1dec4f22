// Test support: the real incident engine on the drill's virtual clock, speaking to the fake Slack
// (and PagerDuty) over loopback through the vendor gate — so a two-hour outage runs in seconds. Like
// the drill's driver, time moves only when everything due has run: timers, effect retries and the
// breaker's probes each fire at their own virtual time.
import { createEngine, type Engine } from '../../src/engine.js';
import { parseFileConfig } from '../../src/config/file.js';
import { openDrillStore, type VirtualClock } from '../../src/drill/clock.js';
import { EffectRegistry } from '../../src/effects/registry.js';
import { VendorGate, type VendorChange } from '../../src/effects/vendor-gate.js';
import { registerIncidentEffects } from '../../src/incidents/effects/index.js';
import { createIncidents, incidentSettings, type Incidents } from '../../src/incidents/index.js';
import { genericWebhook } from '../../src/integrations/generic/webhook.js';
import { SOURCE_SEVERITY_WORDS } from '../../src/integrations/sources.js';
import { createSlackChat } from '../../src/integrations/slack/chat.js';
import { createSlackClient } from '../../src/integrations/slack/client.js';
import { createChatPort } from '../../src/integrations/slack/port.js';
import { slackProbe } from '../../src/integrations/slack/probe.js';
import { silentLogger } from '../../src/observability/observer.js';
import { createRedactor } from '../../src/observability/redact.js';
import { dropTimer, type ClaimedTimer } from '../../src/store/timers.js';
import { effectsRunnable } from '../../src/store/outbox.js';
import type { SqlTransport } from '../../src/store/transport.js';
import { incidentDefinition } from '../../src/workflows/incident/index.js';
import type { FakeSlack } from './fake-slack.js';

export interface OutageDrive {
  store: SqlTransport;
  clock: VirtualClock;
  engine: Engine;
  gate: VendorGate;
  incidents: Incidents;
  changes: VendorChange[];
  /** A generic-webhook alert, as the edge would hand it over. */
  alert(alert: Record<string, unknown>): Promise<void>;
  /** Runs the virtual clock to `ms` since the start: everything due on the way runs at its time. */
  runTo(ms: number): Promise<void>;
  close(): Promise<void>;
}

const START = Date.parse('2026-12-01T09:00:00Z');

export async function driveOutage(fake: FakeSlack, yaml: string): Promise<OutageDrive> {
  const parsed = parseFileConfig(yaml, 'firebreak.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const file = parsed.value;
  const { store, clock, close } = await openDrillStore(START);
  const r = file.runner;
  const registry = new EffectRegistry(r.dispatcher.maxAttempts, { defaultMs: r.dispatcher.retryForMs, byType: r.dispatcher.retryForByEffect });
  const engine = createEngine({
    store, definitions: [incidentDefinition], registry,
    settings: { scheduler: r.scheduler, dispatcher: { ...r.dispatcher, concurrency: 4, batchSize: 4 }, shutdownTimeoutMs: 1_000, snapshotCache: r.snapshotCache },
    log: silentLogger, redact: createRedactor([]), owner: 'outage-drive', now: clock.now,
  });
  const changes: VendorChange[] = [];
  const now = () => clock.now().getTime();
  const gate = new VendorGate({
    store, log: silentLogger, redact: createRedactor([]), now,
    settings: (v) => r.vendors[v] ?? { failuresToOpen: 5, probeIntervalMs: 15_000, ratePerS: 1_000 },
    probes: { slack: slackProbe(createSlackClient({ token: 'xoxb-drive', apiUrl: fake.url, timeoutMs: 2_000 })) },
    recapEffect: { slack: 'slack.outageRecap' }, coveredByRecap: { slack: ['slack.announce'] },
    onChange: (c) => changes.push(c),
  });
  const chat = gate.gate('slack', createChatPort(createSlackChat(createSlackClient({ token: 'xoxb-drive', apiUrl: fake.url, timeoutMs: 2_000 }))));
  registerIncidentEffects(registry, {
    chat, pager: null, store, runner: engine.runner, now: clock.now,
    announceChannel: () => file.slack.announceChannel, vendorDown: (v) => gate.isDown(v),
  });
  let declared = 0;
  const settings = incidentSettings(file);
  const incidents = createIncidents({
    store, runner: engine.runner, wake: () => undefined, settings: () => settings, sourceWords: SOURCE_SEVERITY_WORDS,
    newIncidentId: () => `inc_outage${String(++declared).padStart(4, '0')}`,
  });
  engine.dispatcher.start();

  async function drainOutbox(): Promise<void> {
    engine.dispatcher.wake();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const busy = await effectsRunnable(store);
      if (!busy) return;
      if (Date.now() > deadline) throw new Error('effects did not settle within 30s of real time');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async function settle(): Promise<void> {
    for (let steps = 0; steps < 10_000; steps++) {
      await gate.tick();
      await drainOutbox();
      const [timer] = await store.query<ClaimedTimer>(
        `select id, workflow_id, timer_key as key, generation, event, due_at, 0 as late_ms from timers where due_at <= now() order by due_at, id limit 1`,
      );
      if (!timer) {
        await gate.tick();
        await drainOutbox();
        return;
      }
      const outcome = await engine.runner.deliverTimer(timer);
      if (!outcome.ok && outcome.error.kind !== 'stale-timer') await dropTimer(store, Number(timer.id), Number(timer.generation));
    }
    throw new Error('more than 10000 steps at one instant');
  }

  async function nextDueMs(): Promise<number | null> {
    const [row] = await store.query<{ next: Date | string | null }>(
      `select least((select min(due_at) from timers where due_at > now()),
                    (select min(next_attempt_at) from outbox where status = 'pending' and next_attempt_at > now() and parked_on is null),
                    (select min(next_probe_at) from vendor_breakers where state = 'open' and next_probe_at > now())) as next`,
    );
    return row?.next ? new Date(row.next).getTime() - START : null;
  }

  return {
    store, clock, engine, gate, incidents, changes,
    async alert(alert) {
      const p = genericWebhook.parse({}, alert);
      if (!p.ok) throw new Error('alert refused');
      await incidents.ingest('generic', { deliveryId: null, alerts: p.value.alerts, external: [] });
      await settle();
    },
    async runTo(ms) {
      await settle();
      for (;;) {
        const next = await nextDueMs();
        if (next === null || next > ms) break;
        await clock.set(next);
        await settle();
      }
      if (ms > clock.elapsed()) {
        await clock.set(ms);
        await settle();
      }
    },
    async close() {
      gate.stop();
      await engine.stop();
      await close();
    },
  };
}
