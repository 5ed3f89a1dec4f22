// Test support: a scripted incident on the real engine with a virtual clock (the drill's store), so
// what reports read — timeline `at`, alert times, key times — is the same on every run.
//
//   const s = await openScripted('2026-12-01T10:00:00Z', CONFIG);
//   await s.at(0); await s.incidents.ingest('generic', …); await s.at(90_000); …
//   await s.close();
import { parseFileConfig } from '../../../src/config/file.js';
import { openDrillStore, type VirtualClock } from '../../../src/drill/clock.js';
import { DrillRecorder } from '../../../src/drill/recorder.js';
import { createEngine, type Engine } from '../../../src/engine.js';
import { registerIncidentEffects } from '../../../src/incidents/effects/index.js';
import { createIncidents, incidentSettings, type Incidents } from '../../../src/incidents/index.js';
import { createLocalChat } from '../../../src/integrations/slack/local-chat.js';
import { createChatPort } from '../../../src/integrations/slack/port.js';
import { SOURCE_SEVERITY_WORDS } from '../../../src/integrations/sources.js';
import { silentLogger } from '../../../src/observability/observer.js';
import { createRedactor } from '../../../src/observability/redact.js';
import { dropTimer, type ClaimedTimer } from '../../../src/store/timers.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { incidentDefinition } from '../../../src/workflows/incident/index.js';

export interface Scripted {
  store: SqlTransport;
  clock: VirtualClock;
  incidents: Incidents;
  engine: Engine;
  /** Runs the clock to `ms` after the start: every timer and effect due on the way runs at its time. */
  at(ms: number): Promise<void>;
  /** Runs everything due now. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function openScripted(startIso: string, configYaml: string): Promise<Scripted> {
  const config = parseFileConfig(configYaml, 'firebreak.yaml');
  if (!config.ok) throw new Error(`test config does not parse: ${JSON.stringify(config)}`);
  const file = config.value;
  const { store, clock, close } = await openDrillStore(Date.parse(startIso));
  const recorder = new DrillRecorder(store, clock);
  const registry = recorder.registry(file.runner.dispatcher.maxAttempts);
  const r = file.runner;
  const engine = createEngine({
    store, definitions: [incidentDefinition], registry,
    settings: { scheduler: r.scheduler, dispatcher: { ...r.dispatcher, concurrency: 1, batchSize: 1 }, shutdownTimeoutMs: 1_000, snapshotCache: r.snapshotCache },
    log: silentLogger, redact: createRedactor([]), owner: 'scripted', now: clock.now,
  });
  const chat = createChatPort(recorder.chat(createLocalChat({ log: () => undefined })));
  registerIncidentEffects(registry, { chat, pager: recorder.pager(), webhooks: recorder.webhooks(), store, runner: engine.runner, now: clock.now });
  let declared = 0;
  const settings = incidentSettings(file);
  const incidents = createIncidents({
    store, runner: engine.runner, wake: () => undefined, settings: () => settings, sourceWords: SOURCE_SEVERITY_WORDS,
    newIncidentId: () => `inc_script${String(++declared).padStart(4, '0')}`,
  });
  engine.dispatcher.start();

  const drainOutbox = async () => {
    engine.dispatcher.wake();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [row] = await store.query<{ busy: boolean }>(
        `select exists (select 1 from outbox o where o.status = 'running'
            or (o.status = 'pending' and o.next_attempt_at <= now()
                and (o.ordering_key is null or not exists (
                      select 1 from outbox p where p.ordering_key = o.ordering_key and p.id < o.id and p.status in ('pending', 'running'))))) as busy`,
      );
      if (!row?.busy) return;
      if (Date.now() > deadline) throw new Error('effects did not settle');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const settle = async () => {
    for (let steps = 0; steps < 10_000; steps++) {
      await drainOutbox();
      const [timer] = await store.query<ClaimedTimer>(
        `select id, workflow_id, timer_key as key, generation, event, due_at, 0 as late_ms from timers where due_at <= now() order by due_at, id limit 1`,
      );
      if (!timer) return;
      const outcome = await engine.runner.deliverTimer(timer);
      if (!outcome.ok && outcome.error.kind !== 'stale-timer') await dropTimer(store, Number(timer.id), Number(timer.generation));
    }
    throw new Error('a timer loop');
  };
  const nextDueMs = async (): Promise<number | null> => {
    const [row] = await store.query<{ next: Date | string | null }>(
      `select least((select min(due_at) from timers where due_at > now()),
                    (select min(next_attempt_at) from outbox where status = 'pending' and next_attempt_at > now())) as next`,
    );
    return row?.next ? new Date(row.next).getTime() - (clock.now().getTime() - clock.elapsed()) : null;
  };

  return {
    store, clock, incidents, engine, settle,
    async at(ms) {
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
      await engine.stop();
      await close();
    },
  };
}
