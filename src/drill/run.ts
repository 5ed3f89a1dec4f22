// Drill: runs a scenario through the real engine — incident machine, runner and one-commit store
// calls, the outbox dispatcher and the real effect handlers — on a throwaway store with a virtual
// clock. Only the outside world (Slack, PagerDuty, webhooks) is a recording fake. Time moves only
// when everything due has run, so the timeline is the same on every run.
import { parseEnv, type Config, type FileConfig } from '../config/index.js';
import { createEngine, type Engine } from '../engine.js';
import { registerIncidentEffects } from '../incidents/effects/index.js';
import { loadIncident, type LoadedIncident } from '../incidents/view.js';
import { applyChange, type Change, type IncidentOps } from '../incidents/changes.js';
import { ingestDelivery, type Delivery, type IngestDeps } from '../incidents/ingest.js';
import { genericWebhook } from '../integrations/generic/webhook.js';
import { createLocalChat } from '../integrations/slack/local-chat.js';
import { chatSettings, escalationSnapshot } from '../main.js';
import { silentLogger } from '../observability/observer.js';
import { createRedactor } from '../observability/redact.js';
import { findIncident } from '../store/incidents.js';
import { dropTimer, type ClaimedTimer } from '../store/timers.js';
import type { SqlTransport } from '../store/transport.js';
import { incidentDefinition } from '../workflows/incident.machine.js';
import { openDrillStore, type VirtualClock } from './clock.js';
import { DrillRecorder, type DrillEntry, type PageRecord } from './recorder.js';
import type { DrillAction, DrillStep, Scenario } from './scenario.js';

export interface DrillIncident {
  number: number;
  status: string;
  /** Virtual ms, as the incident recorded them (the runner stamps events with the drill's clock). */
  acknowledgedAtMs: number | null;
  resolvedAtMs: number | null;
}

export interface DrillOutcome {
  entries: DrillEntry[];
  pages: PageRecord[];
  incidents: DrillIncident[];
  /** Steps that could not be carried out (no incident to acknowledge yet…): the drill fails. */
  problems: string[];
  /** Virtual ms the scenario ran for. */
  endMs: number;
}

/** Workflow steps in one virtual instant before the drill calls it a loop. */
const MAX_STEPS_PER_INSTANT = 10_000;
/** Real time the outbox may take to settle before the drill gives up (a handler that hangs). */
const SETTLE_TIMEOUT_MS = 30_000;

export async function runDrill(scenario: Scenario, file: FileConfig): Promise<DrillOutcome> {
  const env = parseEnv({});
  if (!env.ok) throw new Error(`drill environment: ${env.errors.join('; ')}`);
  const config: Config = { env: env.value, file, webhookSecrets: {} };
  const { store, clock, close } = await openDrillStore(scenario.startMs);
  try {
    const recorder = new DrillRecorder(store, clock);
    const registry = recorder.registry(file.runner.dispatcher.maxAttempts);
    const r = file.runner;
    const engine = createEngine({
      store,
      definitions: [incidentDefinition],
      registry,
      // One effect at a time, in commit order: the same scenario gives the same timeline.
      settings: { scheduler: r.scheduler, dispatcher: { ...r.dispatcher, concurrency: 1, batchSize: 1 }, shutdownTimeoutMs: 1_000, snapshotCache: r.snapshotCache },
      log: silentLogger,
      redact: createRedactor([]),
      owner: 'drill',
      now: clock.now,
    });
    const chat = recorder.chat(createLocalChat({ log: () => undefined }));
    registerIncidentEffects(registry, { chat, pager: recorder.pager(), webhooks: recorder.webhooks(), store, runner: engine.runner, now: clock.now });

    let declared = 0;
    const ingest: IngestDeps = {
      store, runner: engine.runner, wake: () => undefined,
      routing: () => file.routing,
      chat: () => chatSettings(file.slack),
      escalation: (name) => escalationSnapshot(config, name),
      reminders: () => file.reminders,
      newIncidentId: () => `inc_drill${String(++declared).padStart(4, '0')}`,
    };
    const ops: IncidentOps = {
      store, runner: engine.runner, wake: () => undefined, chat: () => chatSettings(file.slack),
      reminders: () => file.reminders, policies: () => file.escalation.policies,
    };
    const driver = new Driver(store, clock, engine, recorder);

    engine.dispatcher.start();
    const problems: string[] = [];
    try {
      for (const step of scenario.steps) {
        await driver.runTo(step.atMs);
        if (!step.action) continue;
        const problem = await perform(step, step.action, { store, engine, recorder, ingest, ops });
        if (problem) problems.push(problem);
        await driver.settle();
      }
      await recorder.pullTimeline();
      problems.push(...(await unhandledEffects(store)));
    } finally {
      await engine.stop();
    }
    return { entries: recorder.entries, pages: recorder.pages, incidents: await incidentStatuses(store, scenario.startMs), problems, endMs: clock.elapsed() };
  } finally {
    await close();
  }
}

interface Parts {
  store: SqlTransport;
  engine: Engine;
  recorder: DrillRecorder;
  ingest: IngestDeps;
  ops: IncidentOps;
}

/** Carries out one step's action; returns a problem when it could not be (the drill then fails). */
async function perform(step: DrillStep, action: DrillAction, p: Parts): Promise<string | null> {
  if (action.kind === 'alert') {
    const a = action.alert;
    const what = [a.severity, a.service].filter((x) => x !== null).join(', ');
    const said = await p.recorder.step(step.line, `alert ${a.status}: ${a.title ?? a.key}${what ? ` (${what})` : ''}`);
    const payload = { ...withoutNulls(a), tags: Object.keys(a.tags).length > 0 ? a.tags : undefined };
    const parsed = genericWebhook.parse({}, payload);
    if (!parsed.ok) {
      said.answer = 'refused by the generic webhook source';
      return `line ${step.line}: the alert was refused by the generic webhook source`;
    }
    const result = await ingestDelivery('generic', { deliveryId: null, alerts: parsed.value.alerts, external: [] }, p.ingest);
    said.answer = await describeIngest(p.store, result.alerts);
    return null;
  }

  const said = await p.recorder.step(step.line, describeAction(action, step.actor));
  const found = await targetIncident(p, step.incident);
  if (!found) {
    said.answer = step.incident === null ? 'no incident has been declared yet' : `there is no incident #${step.incident}`;
    return `line ${step.line}: ${action.kind}: ${said.answer}`;
  }
  const ref = `#${found.view.number ?? '?'}`;

  if ((action.kind === 'ack' || action.kind === 'resolve') && action.via === 'pagerduty') {
    // As PagerDuty's webhook would tell us: through the same edge, the same durable inbox.
    const delivery: Delivery = {
      deliveryId: null, alerts: [],
      external: [{ system: 'pagerduty', externalId: `PDRILL${found.view.number ?? 0}`, action: action.kind === 'ack' ? 'acknowledged' : 'resolved', actor: null, incidentKey: found.view.id }],
    };
    const result = await ingestDelivery('pagerduty', delivery, p.ingest);
    said.answer = result.forwarded > 0 ? `PagerDuty's webhook forwarded to incident ${ref}` : 'not an incident Firebreak paged: ignored';
    return null;
  }
  said.answer = await applyChange(p.ops, found, toChange(action), step.actor);
  return null;
}

/** The step as a responder's Slack command: the same checks, the same answer. */
function toChange(action: Exclude<DrillAction, { kind: 'alert' }>): Change {
  switch (action.kind) {
    case 'ack':
      return { kind: 'acknowledge' };
    case 'severity':
      return { kind: 'severity', severity: action.severity };
    case 'update':
      return { kind: 'status', status: action.status, message: action.message };
    case 'note':
      return { kind: 'note', text: action.text };
    case 'resolve':
      return { kind: 'resolve', summary: action.summary };
    case 'escalate':
      return { kind: 'escalate', reason: action.reason };
    case 'page':
      return { kind: 'page', targets: action.targets, policies: [] };
    case 'snooze':
      return { kind: 'snooze' };
    case 'postmortem':
      return { kind: 'postmortem', decision: action.decision };
  }
}

function describeAction(action: Exclude<DrillAction, { kind: 'alert' }>, actor: string): string {
  const by = (via: 'slack' | 'pagerduty') => (via === 'pagerduty' ? 'via PagerDuty' : `by ${actor}`);
  switch (action.kind) {
    case 'ack':
      return `acknowledge ${by(action.via)}`;
    case 'severity':
      return `severity → ${action.severity} by ${actor}`;
    case 'update':
      return `status ${action.status} by ${actor}${action.message ? `: ${action.message}` : ''}`;
    case 'note':
      return `note by ${actor}: ${action.text}`;
    case 'resolve':
      return `resolve ${by(action.via)}${action.summary ? `: ${action.summary}` : ''}`;
    case 'escalate':
      return `escalate by ${actor}${action.reason ? `: ${action.reason}` : ''}`;
    case 'page':
      return `page ${action.targets.join(', ')} by ${actor}`;
    case 'snooze':
      return `snooze reminders by ${actor}`;
    case 'postmortem':
      return `post-mortem ${action.decision} by ${actor}`;
  }
}

async function targetIncident(p: Parts, number: number | null): Promise<LoadedIncident | null> {
  const row = number === null
    ? (await p.store.query<{ id: string }>('select id from incidents order by number desc limit 1'))[0]
    : await findIncident(p.store, { number });
  return row ? loadIncident(p.store, p.engine.runner, row.id) : null;
}

async function describeIngest(store: SqlTransport, alerts: Array<{ incident_id: string | null; outcome: string }>): Promise<string> {
  const parts: string[] = [];
  for (const a of alerts) {
    const [row] = a.incident_id ? await store.query<{ number: number | string }>('select number from incidents where id = $1', [a.incident_id]) : [];
    parts.push(row ? `${a.outcome} (incident #${Number(row.number)})` : a.outcome === 'new' ? 'stored, no incident declared' : a.outcome);
  }
  return parts.join('; ');
}

async function incidentStatuses(store: SqlTransport, startMs: number): Promise<DrillIncident[]> {
  const rows = await store.query<{ number: number | string; status: string | null; acked: string | null; resolved: string | null }>(
    `select i.number, w.summary ->> 'status' as status,
            w.snapshot -> 'context' ->> 'acknowledgedAt' as acked, w.snapshot -> 'context' ->> 'resolvedAt' as resolved
       from incidents i join workflows w on w.id = i.id order by i.number`,
  );
  const offset = (iso: string | null) => (iso ? Date.parse(iso) - startMs : null);
  return rows.map((r) => ({ number: Number(r.number), status: r.status ?? 'triggered', acknowledgedAtMs: offset(r.acked), resolvedAtMs: offset(r.resolved) }));
}

/** An effect nobody handles means the drill is wired differently from firebreak start: say so. */
async function unhandledEffects(store: SqlTransport): Promise<string[]> {
  const rows = await store.query<{ type: string }>(
    `select distinct effect_type as type from outbox where status <> 'done' and last_error like 'no handler registered%' order by 1`,
  );
  return rows.map((r) => `effect ${r.type} has no handler in the drill (its wiring is behind firebreak start's)`);
}

function withoutNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as Partial<T>;
}

/** Moves the virtual clock: everything due runs, in deadline order, before time goes on. */
class Driver {
  constructor(
    private readonly store: SqlTransport,
    private readonly clock: VirtualClock,
    private readonly engine: Engine,
    private readonly recorder: DrillRecorder,
  ) {}

  /** Runs the clock to `ms`: each timer and effect retry due on the way fires at its own virtual time. */
  async runTo(ms: number): Promise<void> {
    await this.settle();
    for (;;) {
      const next = await this.nextDueMs();
      if (next === null || next > ms) break;
      await this.clock.set(next);
      await this.settle();
    }
    if (ms > this.clock.elapsed()) {
      await this.clock.set(ms);
      await this.settle();
    }
  }

  /** Runs every effect and timer due now, and what they cause now, until nothing is left. */
  async settle(): Promise<void> {
    for (let steps = 0; ; steps++) {
      if (steps > MAX_STEPS_PER_INSTANT) throw new Error(`more than ${MAX_STEPS_PER_INSTANT} timers fell due at one instant: a timer loop?`);
      await this.drainOutbox();
      const [timer] = await this.store.query<ClaimedTimer>(
        `select id, workflow_id, timer_key as key, generation, event, due_at, 0 as late_ms
           from timers where due_at <= now() order by due_at, id limit 1`,
      );
      if (!timer) return;
      const outcome = await this.engine.runner.deliverTimer(timer);
      // As the scheduler does: a timer of a finished or missing workflow is dropped; a stale one is gone already.
      if (!outcome.ok && outcome.error.kind !== 'stale-timer') await dropTimer(this.store, Number(timer.id), Number(timer.generation));
    }
  }

  /** Lets the real dispatcher run every effect that can run now (commit order, one at a time). */
  private async drainOutbox(): Promise<void> {
    this.engine.dispatcher.wake();
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const [row] = await this.store.query<{ busy: boolean }>(
        `select exists (
           select 1 from outbox o
            where o.status = 'running'
               or (o.status = 'pending' and o.next_attempt_at <= now()
                   and (o.ordering_key is null or not exists (
                         select 1 from outbox p where p.ordering_key = o.ordering_key and p.id < o.id and p.status in ('pending', 'running'))))
         ) as busy`,
      );
      if (!row?.busy) break;
      if (Date.now() > deadline) throw new Error(`effects did not settle within ${SETTLE_TIMEOUT_MS / 1000}s of real time`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await this.recorder.pullTimeline();
  }

  /** The next virtual time something is due: a timer, or a failed effect's retry. */
  private async nextDueMs(): Promise<number | null> {
    const [row] = await this.store.query<{ next: Date | string | null }>(
      `select least((select min(due_at) from timers where due_at > now()),
                    (select min(next_attempt_at) from outbox where status = 'pending' and next_attempt_at > now())) as next`,
    );
    if (!row?.next) return null;
    return new Date(row.next).getTime() - (this.clock.now().getTime() - this.clock.elapsed());
  }
}
