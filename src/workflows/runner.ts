// Workflows: the durable runner. load snapshot + version → pure transition() → one commit of
// snapshot, timers, outbox and timeline — or nothing, if the version moved (then retry).
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Transport } from '../store/transport.js';
import { commitStep, failWorkflow, listTimeline, loadWorkflow, type StepCommit, type StoredWorkflow, type TimelineEntry, type WorkflowStatus } from '../store/workflows.js';
import type { ClaimedTimer } from '../store/timers.js';
import type { EngineObserver } from '../observability/observer.js';
import { defaultEffectPolicy, type EffectPolicy, type WorkflowDefinition } from './definition.js';
import { KeyedQueue } from './keyed-queue.js';
import { planStep, type StepRows } from './plan-step.js';
import { SnapshotCache } from './snapshot-cache.js';

/** Any event a machine accepts: a type and JSON data. */
export type WorkflowEvent = { type: string; [k: string]: unknown };

export type StepErrorKind = 'not-found' | 'not-active' | 'failed' | 'stale-timer' | 'contended';

export type StepOutcome =
  | { ok: true; version: number; status: WorkflowStatus; value: unknown; context: unknown; created?: boolean }
  | { ok: false; error: { kind: StepErrorKind; message: string } };

export interface WorkflowView {
  id: string;
  kind: string;
  status: WorkflowStatus;
  version: number;
  value: unknown;
  context: unknown;
  failure: string | null;
}

export interface RunnerOptions {
  store: Transport;
  definitions: readonly WorkflowDefinition[];
  effectPolicy?: EffectPolicy;
  /** Restored snapshots kept in memory (LRU); the store stays the truth. */
  snapshotCache?: number;
  observer?: EngineObserver;
  /** Told after every commit, so a local scheduler or dispatcher can wake early. */
  onCommitted?: (rows: StepRows) => void;
  /** When an event happened, if it does not say (`at`): the wall clock, or a drill's virtual one. */
  now?: () => Date;
}

const MAX_CONFLICT_RETRIES = 100;

type Restored = { ok: true; def: WorkflowDefinition; snapshot: AnyMachineSnapshot } | { ok: false; reason: string };

export class WorkflowRunner {
  private readonly definitions = new Map<string, WorkflowDefinition>();
  private readonly queue = new KeyedQueue();
  private readonly cache: SnapshotCache;
  private readonly policy: EffectPolicy;

  constructor(private readonly opts: RunnerOptions) {
    for (const def of opts.definitions) this.definitions.set(def.kind, def);
    this.cache = new SnapshotCache(opts.snapshotCache ?? 1000);
    this.policy = opts.effectPolicy ?? defaultEffectPolicy;
  }

  /**
   * The commit that would create workflow `id` (initial snapshot, its timers, effects, timeline),
   * without writing it: for store calls that create a workflow as part of a larger atomic write
   * (an alert declaring an incident).
   */
  planStart(kind: string, id: string, input: unknown): { commit: StepCommit; snapshot: AnyMachineSnapshot; rows: StepRows } {
    const def = this.definitions.get(kind);
    if (!def) throw new Error(`no workflow definition for kind "${kind}"`);
    const [snapshot, actions] = initialTransition(def.machine, input);
    const rows = planStep(actions, id, 1, this.policy, def.timelineText);
    const commit: StepCommit = {
      id, kind, machineVersion: def.version, expectedVersion: 0,
      snapshot: def.machine.getPersistedSnapshot(snapshot), status: statusOf(snapshot), summary: summaryOf(def, snapshot), ...rows,
    };
    return { commit, snapshot, rows };
  }

  /** Starts workflow `id`; starting one that exists changes nothing and answers `created: false`. */
  start(kind: string, id: string, input: unknown): Promise<StepOutcome> {
    const { commit, snapshot, rows } = this.planStart(kind, id, input);
    return this.queue.run(id, async () => {
      const result = await commitStep(this.opts.store, commit);
      if (!result.ok) {
        const current = await this.read(id);
        if (!current) return { ok: false, error: { kind: 'not-found', message: `workflow ${id} vanished` } };
        return { ok: true, version: current.version, status: current.status, value: current.value, context: current.context, created: false };
      }
      this.cache.set(id, { kind, version: result.version, snapshot });
      this.committed(kind, rows, 0);
      return { ok: true, version: result.version, status: statusOf(snapshot), value: snapshot.value, context: snapshot.context, created: true };
    });
  }

  /** Tell the local loops about a workflow created by another store call (see planStart). */
  notifyCommitted(kind: string, rows: StepRows): void {
    this.committed(kind, rows, 0);
  }

  /** Applies one event to workflow `id`, exactly once, whatever other steps race it. */
  send(id: string, event: WorkflowEvent): Promise<StepOutcome> {
    return this.queue.run(id, () => this.step(id, this.stamped(event)));
  }

  /** Delivers a claimed timer as an event; a timer cancelled or re-armed since is 'stale-timer'. */
  deliverTimer(timer: ClaimedTimer): Promise<StepOutcome> {
    return this.queue.run(timer.workflow_id, () =>
      this.step(timer.workflow_id, this.stamped(timer.event), { key: timer.key, generation: Number(timer.generation) }, timer.workflow),
    );
  }

  async read(id: string): Promise<WorkflowView | null> {
    const row = await loadWorkflow(this.opts.store, id);
    return row ? workflowView(row) : null;
  }

  timeline(id: string): Promise<TimelineEntry[]> {
    return listTimeline(this.opts.store, id);
  }

  private async step(
    id: string,
    event: WorkflowEvent,
    consumedTimer?: { key: string; generation: number },
    preloaded?: StoredWorkflow,
  ): Promise<StepOutcome> {
    for (let conflicts = 0; conflicts < MAX_CONFLICT_RETRIES; conflicts++) {
      // A row that came with the claim is only good for the first try, and only if the cache is older.
      const cachedEntry = this.cache.get(id);
      const fresh = conflicts === 0 && preloaded && (!cachedEntry || cachedEntry.version < Number(preloaded.version)) ? preloaded : undefined;
      const cached = fresh ? undefined : cachedEntry;
      let kind: string;
      let version: number;
      let restored: Restored;
      if (cached) {
        ({ kind, version } = cached);
        restored = { ok: true, def: this.definitions.get(kind)!, snapshot: cached.snapshot };
      } else {
        const row = fresh ?? (await loadWorkflow(this.opts.store, id));
        if (!row) return fail('not-found', `no workflow ${id}`);
        if (row.status !== 'active') return fail('not-active', `workflow ${id} is ${row.status}`);
        ({ kind } = row);
        version = Number(row.version);
        restored = this.restore(row);
      }
      if (!restored.ok) return this.markFailed(id, kind, restored.reason);

      const { def, snapshot } = restored;
      let next: AnyMachineSnapshot;
      let actions: Parameters<typeof planStep>[0];
      try {
        [next, actions] = transition(def.machine, snapshot, event);
      } catch (err) {
        return this.markFailed(id, kind, `event ${event.type} could not be applied: ${messageOf(err)}`);
      }
      if (next.status === 'error') return this.markFailed(id, kind, `event ${event.type} failed: ${messageOf(next.error)}`);

      const rows = planStep(actions, id, version + 1, this.policy, def.timelineText);
      const result = await commitStep(this.opts.store, {
        id, kind, machineVersion: def.version, expectedVersion: version,
        snapshot: def.machine.getPersistedSnapshot(next), status: statusOf(next), summary: summaryOf(def, next), consumedTimer, ...rows,
      });
      if (result.ok) {
        this.cache.set(id, { kind, version: result.version, snapshot: next });
        this.committed(kind, rows, conflicts);
        return { ok: true, version: result.version, status: statusOf(next), value: next.value, context: next.context };
      }
      this.cache.delete(id);
      if (result.reason === 'stale-timer') return fail('stale-timer', `timer ${consumedTimer?.key} was cancelled or re-armed`);
      if (result.reason === 'not-active') return fail('not-active', `workflow ${id} is no longer active`);
      // 'conflict': another process stepped first. Recompute on its snapshot after a short jitter.
      if (conflicts > 2) await sleep(Math.random() * Math.min(50, conflicts * 2));
    }
    return fail('contended', `workflow ${id}: gave up after ${MAX_CONFLICT_RETRIES} version conflicts`);
  }

  private restore(row: StoredWorkflow): Restored {
    const def = this.definitions.get(row.kind);
    if (!def) return { ok: false, reason: `no machine registered for kind "${row.kind}"` };
    const readable = def.reads ?? [def.version];
    if (row.machine_version !== def.version && !readable.includes(row.machine_version)) {
      return { ok: false, reason: `snapshot written by ${row.kind} machine version ${row.machine_version}; this build runs version ${def.version} and reads ${readable.join(', ')}` };
    }
    try {
      const snapshot = def.machine.resolveState(row.snapshot as Parameters<typeof def.machine.resolveState>[0]);
      return { ok: true, def, snapshot };
    } catch (err) {
      return { ok: false, reason: `snapshot could not be restored: ${messageOf(err)}` };
    }
  }

  private async markFailed(id: string, kind: string, reason: string): Promise<StepOutcome> {
    this.cache.delete(id);
    await failWorkflow(this.opts.store, id, reason);
    this.opts.observer?.workflowFailed?.(kind, reason);
    return fail('failed', reason);
  }

  /** Machines are pure: the time an event happened is data on the event (`at`, ISO 8601). */
  private stamped(event: WorkflowEvent): WorkflowEvent {
    return typeof event.at === 'string' ? event : { ...event, at: (this.opts.now?.() ?? new Date()).toISOString() };
  }

  private committed(kind: string, rows: StepRows, conflicts: number): void {
    this.opts.observer?.stepCommitted?.(kind, conflicts);
    this.opts.onCommitted?.(rows);
  }
}

/** A stored workflow row as readers see it (what `read` answers). */
export function workflowView(row: StoredWorkflow): WorkflowView {
  const snap = (row.snapshot ?? {}) as { value?: unknown; context?: unknown };
  return { id: row.id, kind: row.kind, status: row.status, version: Number(row.version), value: snap.value, context: snap.context, failure: row.failure };
}

function statusOf(snapshot: AnyMachineSnapshot): WorkflowStatus {
  return snapshot.status === 'done' ? 'done' : 'active';
}

function summaryOf(def: WorkflowDefinition, snapshot: AnyMachineSnapshot): unknown {
  return def.summarize?.({ value: snapshot.value, context: snapshot.context, status: snapshot.status });
}

function fail(kind: StepErrorKind, message: string): StepOutcome {
  return { ok: false, error: { kind, message } };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
