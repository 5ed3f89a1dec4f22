// Composition of the durable engine: runner + timer scheduler + outbox dispatcher over one store,
// wired so a local commit wakes the local loops at once (other replicas find work by polling).
import { randomBytes } from 'node:crypto';
import type { Transport } from './store/transport.js';
import type { EngineObserver, Logger } from './observability/observer.js';
import type { Redactor } from './observability/redact.js';
import type { WorkflowDefinition } from './workflows/definition.js';
import { WorkflowRunner } from './workflows/runner.js';
import { TimerScheduler } from './workflows/scheduler.js';
import { DeadOwnerReaper, ownerName, thisProcess } from './workflows/dead-owners.js';
import { EffectDispatcher } from './effects/dispatcher.js';
import type { EffectRegistry } from './effects/registry.js';
import type { Backoff } from './effects/backoff.js';

export interface EngineSettings {
  scheduler: { pollIntervalMs: number; batchSize: number; leaseMs: number };
  dispatcher: { concurrency: number; batchSize: number; leaseMs: number; backoff: Backoff };
  shutdownTimeoutMs: number;
  snapshotCache: number;
}

export const defaultEngineSettings: EngineSettings = {
  scheduler: { pollIntervalMs: 250, batchSize: 200, leaseMs: 30_000 },
  dispatcher: { concurrency: 64, batchSize: 50, leaseMs: 60_000, backoff: { initialMs: 1000, maxMs: 300_000 } },
  shutdownTimeoutMs: 10_000,
  snapshotCache: 1000,
};

export interface Engine {
  readonly owner: string;
  readonly runner: WorkflowRunner;
  readonly scheduler: TimerScheduler;
  readonly dispatcher: EffectDispatcher;
  start(): void;
  /** Stop claiming, let in-flight effects finish within the bound, release leases. */
  stop(): Promise<void>;
}

export function createEngine(deps: {
  store: Transport;
  definitions: readonly WorkflowDefinition[];
  registry: EffectRegistry;
  settings?: EngineSettings;
  log: Logger;
  redact: Redactor;
  observer?: EngineObserver;
  owner?: string;
  /** The clock events are stamped with (a drill passes its virtual one). */
  now?: () => Date;
}): Engine {
  const settings = deps.settings ?? defaultEngineSettings;
  const me = thisProcess(randomBytes(3).toString('hex'));
  const owner = deps.owner ?? ownerName(me);
  // Only an owner named host:pid:token can tell its own dead incarnations (a drill's is just 'drill').
  const reaper = deps.owner === undefined ? new DeadOwnerReaper({ store: deps.store, me, log: deps.log }) : null;
  const runner = new WorkflowRunner({
    store: deps.store,
    definitions: deps.definitions,
    effectPolicy: deps.registry,
    snapshotCache: settings.snapshotCache,
    observer: deps.observer,
    now: deps.now,
    onCommitted: (rows) => {
      // Called only after a commit, by which time both loops below exist.
      if (rows.effects.length > 0) dispatcher.wake();
      if (rows.timers.length > 0) scheduler.wake(Math.min(...rows.timers.map((t) => t.delay_ms)));
    },
  });
  const scheduler = new TimerScheduler({ store: deps.store, runner, owner, ...settings.scheduler, log: deps.log, observer: deps.observer });
  const dispatcher = new EffectDispatcher({
    store: deps.store,
    registry: deps.registry,
    owner,
    ...settings.dispatcher,
    send: async (workflowId, event) => {
      const outcome = await runner.send(workflowId, event);
      if (!outcome.ok && outcome.error.kind !== 'not-active') throw new Error(outcome.error.message);
    },
    redact: deps.redact,
    log: deps.log,
    observer: deps.observer,
  });

  return {
    owner,
    runner,
    scheduler,
    dispatcher,
    start() {
      reaper?.start();
      scheduler.start();
      dispatcher.start();
    },
    async stop() {
      reaper?.stop();
      await Promise.all([scheduler.stop(), dispatcher.stop(settings.shutdownTimeoutMs)]);
    },
  };
}
