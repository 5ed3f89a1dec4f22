// Drill: runs a scenario through the real engine — incident machine, runner and one-commit store
// calls, the outbox dispatcher and the real effect handlers — on a throwaway store with a virtual
// clock. Only the outside world (Slack, PagerDuty, webhooks) is a recording fake. Time moves only
// when everything due has run, so the timeline is the same on every run.
import type { FileConfig } from '../config/index.js';
import { createEngine, type Engine } from '../engine.js';
import { changeAnswer } from '../edges/slack/answers.js';
import { registerIncidentEffects } from '../incidents/effects/index.js';
import { createIncidents, incidentSettings, type Change, type Delivery, type Incidents, type LoadedIncident } from '../incidents/index.js';
import { genericWebhook } from '../integrations/generic/webhook.js';
import { SOURCE_SEVERITY_WORDS } from '../integrations/sources.js';
import { createLocalChat } from '../integrations/slack/local-chat.js';
import { createChatPort } from '../integrations/slack/port.js';
import { maskRecord, masksAnything } from '../domain/masking.js';
import { silentLogger } from '../observability/observer.js';
import { createRedactor } from '../observability/redact.js';
import { findIncident } from '../store/incidents.js';
import type { Firing } from '../store/security.js';
import { proposeOnDeclare } from '../approvals/propose.js';
import { routeAlert, type RouteDecision } from '../domain/routing.js';
import type { Alert } from '../domain/alert.js';
import { dropTimer, type ClaimedTimer } from '../store/timers.js';
import { createSecurity, type ProposalOutcome, type Security } from '../security/index.js';
import { createProposer } from '../security/propose.js';
import { effectsRunnable } from '../store/outbox.js';
import type { SqlTransport } from '../store/transport.js';
import { incidentDefinition } from '../workflows/incident/index.js';
import { approvalDefinition } from '../workflows/approval/index.js';
import { createApprovals, registerApprovalEffects, type Approvals } from '../approvals/index.js';
import { clickAnswer, requestAnswer } from '../edges/slack/approval-answers.js';
import type { Executor } from '../effects/ports.js';
import { DEFAULT_VENDOR_SETTINGS, VendorGate, type VendorChange } from '../effects/vendor-gate.js';
import type { PortResult } from '../effects/ports.js';
import { OUTAGE_RECAP_EFFECT } from '../incidents/effects/index.js';
import { formatDuration } from '../config/duration.js';
import { openDrillStore, type VirtualClock } from './clock.js';
import { DrillRecorder, type DrillEntry, type PageRecord } from './recorder.js';
import type { DrillAction, DrillEvents, DrillStep, Scenario } from './scenario.js';

export interface DrillIncident {
  number: number;
  status: string;
  /** Virtual ms, as the incident recorded them (the runner stamps events with the drill's clock). */
  acknowledgedAtMs: number | null;
  resolvedAtMs: number | null;
}

/** A detection rule's firing, as the store recorded it. */
export interface DrillFiring {
  rule: string;
  key: string;
  count: number;
  /** Virtual ms of the threshold-crossing event. */
  atMs: number;
  /** The incident its alert declared or joined; null: none (the rule does not declare). */
  incident: number | null;
  /** The tags of the `security` alert it raised. */
  tags: Record<string, string>;
}

export interface DrillOutcome {
  entries: DrillEntry[];
  pages: PageRecord[];
  incidents: DrillIncident[];
  firings: DrillFiring[];
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
  const { store, clock, close } = await openDrillStore(scenario.startMs);
  try {
    const recorder = new DrillRecorder(store, clock);
    const d = file.runner.dispatcher;
    const registry = recorder.registry(d.maxAttempts, d.retryForMs > 0 ? { defaultMs: d.retryForMs, byType: d.retryForByEffect } : undefined);
    const r = file.runner;
    const engine = createEngine({
      store,
      definitions: [incidentDefinition, approvalDefinition],
      registry,
      // One effect at a time, in commit order: the same scenario gives the same timeline.
      settings: { scheduler: r.scheduler, dispatcher: { ...r.dispatcher, concurrency: 1, batchSize: 1 }, shutdownTimeoutMs: 1_000, snapshotCache: r.snapshotCache },
      log: silentLogger,
      redact: createRedactor([]),
      owner: 'drill',
      now: clock.now,
    });
    // Vendor outages (`down: slack` … `up: slack`): the vendor's calls fail as a refused connection
    // would, behind the same breaker as firebreak start's, on the virtual clock. Recovery is not
    // paced in real time (the drill has no wall clock to spend).
    const outages = new Set<string>();
    const unreachable = (vendor: string): PortResult<never> => ({ ok: false, error: { kind: 'retry', message: `${vendor}: connection refused (drill outage)` } });
    const gate = new VendorGate({
      store, log: silentLogger, redact: createRedactor([]), now: () => clock.now().getTime(),
      settings: (v) => ({ ...(file.runner.vendors[v] ?? DEFAULT_VENDOR_SETTINGS), ratePerS: 1_000_000 }),
      probes: Object.fromEntries(['slack', 'pagerduty'].map((v) => [v, async () => (outages.has(v) ? unreachable(v) : { ok: true as const, value: null })])),
      recapEffect: { slack: OUTAGE_RECAP_EFFECT }, coveredByRecap: { slack: ['slack.announce'] },
      onChange: (c) => recorder.vendorChanged(systemOf(c.vendor), describeVendorChange(c)),
    });
    const cut = <T extends object>(vendor: string | ((args: unknown[]) => string), port: T): T =>
      new Proxy(port, {
        get: (target, prop, receiver) => {
          const value: unknown = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const name = typeof vendor === 'string' ? vendor : vendor(args);
            return outages.has(name) ? Promise.resolve(unreachable(name)) : (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    const webhookOf = (args: unknown[]) => `webhook:${String(args[0])}`;
    const chat = gate.gate('slack', cut('slack', createChatPort(recorder.chat(createLocalChat({ log: () => undefined })))));
    // A rehearsal holds no routing keys: a named service's name stands in for its key, so the
    // recorder reports `pagerduty:<service>` reached.
    registerIncidentEffects(registry, {
      chat, pager: gate.gate('pagerduty', cut('pagerduty', recorder.pager())),
      webhooks: gate.gate('webhook', cut(webhookOf, recorder.webhooks()), (_m, args) => webhookOf(args)),
      routingKeys: (service) => service, store, runner: engine.runner, now: clock.now,
      announceChannel: () => file.slack.announceChannel, vendorDown: (v) => gate.isDown(v),
    });

    // Remediation: every executor the catalog names is a recording stand-in that succeeds (the outside world is fake).
    const executors = drillExecutors(file);
    const directory = { groupMembers: async (group: string) => ({ ok: true as const, value: scenario.groups[group] ?? [] }) };
    registerApprovalEffects(registry, { store, runner: engine.runner, chat, executors, catalog: () => file.actions, rules: () => file.remediation, directory, now: clock.now });
    let requested = 0;
    const approvals = createApprovals({
      store, runner: engine.runner, catalog: () => file.actions, rules: () => file.remediation, executors, directory, wake: () => undefined, now: clock.now,
      newId: () => `apr_drill${String(++requested).padStart(4, '0')}`,
    });

    let declared = 0;
    const settings = incidentSettings(file);
    const incidents = createIncidents({
      store, runner: engine.runner, wake: () => undefined, settings: () => settings, sourceWords: SOURCE_SEVERITY_WORDS,
      newIncidentId: () => `inc_drill${String(++declared).padStart(4, '0')}`,
    });
    const driver = new Driver(store, clock, engine, recorder, gate);
    // The real detection path (firebreak start's): counted in the store, each firing raised as an alert of the
    // `security` source, and a rule's `propose:` asked of the approval gates in the incident.
    const proposals = new Map<number, ProposalOutcome>();
    const security = createSecurity({
      store, rules: () => file.detections, raise: (delivery) => incidents.ingest('security', delivery),
      mask: (event, keep) => (masksAnything(file.masking) ? { ...event, attributes: maskRecord(event.attributes, file.masking, keep) } : event),
      propose: createProposer({ approvals, incidents, catalog: () => file.actions }),
      onFiring: (firing, _summary, proposal) => proposal && proposals.set(firing.id, proposal),
    });

    engine.dispatcher.start();
    const problems: string[] = [];
    try {
      for (const step of scenario.steps) {
        await driver.runTo(step.atMs);
        if (!step.action) continue;
        const problem = await perform(step, step.action, {
          store, recorder, incidents, approvals, outages, route: (alert) => routeAlert(alert, settings.routing, SOURCE_SEVERITY_WORDS), security, proposals, driver, clock,
        });
        if (problem) problems.push(problem);
        await driver.settle();
      }
      await recorder.pullTimeline();
      problems.push(...(await unhandledEffects(store)));
    } finally {
      await engine.stop();
    }
    return {
      entries: recorder.entries, pages: recorder.pages, incidents: await incidentStatuses(store, scenario.startMs),
      firings: await storedFirings(store, scenario.startMs), problems, endMs: clock.elapsed(),
    };
  } finally {
    await close();
  }
}

interface Parts {
  store: SqlTransport;
  recorder: DrillRecorder;
  incidents: Incidents;
  security: Security;
  /** What became of each firing's proposal, by firing id. */
  proposals: ReadonlyMap<number, ProposalOutcome>;
  driver: Driver;
  clock: VirtualClock;
  approvals: Approvals;
  route: (alert: Alert) => RouteDecision;
  /** Vendors down now (`down:` steps). */
  outages: Set<string>;
}

/** A stand-in for each executor the catalog names: records nothing outside, answers done. */
function drillExecutors(file: FileConfig): Map<string, Executor> {
  const names = new Set(Object.values(file.actions).map((a) => a.executor));
  return new Map([...names].map((name): [string, Executor] => [name, {
    name, idempotent: false, kinds: ['block_ip', 'unblock_ip', 'disable_account', 'enable_account', 'rollback', 'run'], configured: () => true,
    execute: async (req) => ({ ok: true, value: { detail: `(drill) ${req.kind} ${Object.values(req.params).join(' ')}`, reference: `drill-${req.requestId}` } }),
  }]));
}

/** approve / deny: by request number, as the Slack commands do. */
async function performClick(step: DrillStep, action: Extract<DrillAction, { kind: 'approve' | 'deny' }>, p: Parts): Promise<string | null> {
  const actor = { id: step.actor, team: null, via: 'drill' as const };
  const said = await p.recorder.step(step.line, action.kind === 'approve' ? `approve request #${action.request} by ${step.actor}` : `deny request #${action.request} by ${step.actor}: ${action.reason}`);
  const outcome = action.kind === 'approve' ? await p.approvals.approve({ number: action.request }, actor) : await p.approvals.deny({ number: action.request }, actor, action.reason);
  said.answer = clickAnswer(outcome, action.kind);
  if (!outcome.ok && outcome.refusal.kind === 'no-such-request') return `line ${step.line}: there is no request #${action.request}`;
  return null;
}

function systemOf(vendor: string): 'slack' | 'pagerduty' | 'webhook' {
  return vendor === 'slack' || vendor === 'pagerduty' ? vendor : 'webhook';
}

function describeVendorChange(c: VendorChange): string {
  return c.state === 'open'
    ? `${c.vendor} unreachable: breaker open, its effects wait`
    : `${c.vendor} back after ${formatDuration(Math.round(c.downMs / 1000) * 1000)}: breaker closed, ${c.resumed} waiting effect(s) resume`;
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
    const delivery: Delivery = { deliveryId: null, alerts: parsed.value.alerts, external: [] };
    const result = await p.incidents.ingest('generic', delivery);
    said.answer = await describeIngest(p.store, result.alerts);
    await proposeOnDeclare('generic', delivery, result, { incidents: p.incidents, approvals: p.approvals, route: p.route });
    return null;
  }

  if (action.kind === 'events') return sendEvents(step, action.events, p);

  if (action.kind === 'approve' || action.kind === 'deny') return performClick(step, action, p);
  if (action.kind === 'vendor') {
    if (action.state === 'down') p.outages.add(action.vendor);
    else p.outages.delete(action.vendor);
    const said = await p.recorder.step(step.line, `${action.vendor} ${action.state === 'down' ? 'goes down' : 'comes back'}`);
    said.answer = action.state === 'down' ? 'its calls fail until it is up' : 'the next probe finds it';
    return null;
  }
  const said = await p.recorder.step(step.line, describeAction(action, step.actor));
  const found = await targetIncident(p, step.incident);
  if (!found) {
    said.answer = step.incident === null ? 'no incident has been declared yet' : `there is no incident #${step.incident}`;
    const what = action.kind === 'change' ? action.change.kind : action.kind === 'request' ? `request ${action.action}` : `${action.action} via PagerDuty`;
    return `line ${step.line}: ${what}: ${said.answer}`;
  }
  const ref = `#${found.view.number ?? '?'}`;

  if (action.kind === 'pagerduty') {
    // As PagerDuty's webhook would tell us: through the same edge, the same durable inbox.
    const delivery: Delivery = {
      deliveryId: null, alerts: [],
      external: [{ system: 'pagerduty', externalId: `PDRILL${found.view.number ?? 0}`, action: action.action, actor: null, incidentKey: found.view.id }],
    };
    const result = await p.incidents.ingest('pagerduty', delivery);
    said.answer = result.forwarded > 0 ? `PagerDuty's webhook forwarded to incident ${ref}` : 'not an incident Firebreak paged: ignored';
    return null;
  }
  if (action.kind === 'request') {
    said.answer = requestAnswer(await p.approvals.request({
      incident: found, action: action.action, params: action.params, reason: action.reason, actor: { id: step.actor, team: null, via: 'drill' },
      breakGlass: action.breakGlass, ...(action.ttlMs !== undefined && { ttlMs: action.ttlMs }),
    }));
    return null;
  }
  // The answer a responder would read in Slack.
  said.answer = changeAnswer(await p.incidents.apply(found, action.change, { id: step.actor, team: null, via: 'drill' }));
  return null;
}

/**
 * Sends a step's security events as POST /webhooks/events would hand them over — a burst one event
 * at a time, each stamped with the virtual time it is sent at — and delivers the firings they cause
 * before the clock moves on.
 */
async function sendEvents(step: DrillStep, events: DrillEvents, p: Parts): Promise<null> {
  const attrs = Object.entries(events.attributes).map(([k, v]) => `${k}=${v}`).join(' ');
  const burst = events.count === 1 ? '' : `${events.count} × `;
  const spread = events.count > 1 && events.everyMs > 0 ? `, every ${formatDuration(events.everyMs)}` : '';
  const said = await p.recorder.step(step.line, `event${events.count === 1 ? '' : 's'} ${burst}${events.type}${attrs ? ` (${attrs})` : ''}${spread}`);
  const batches = events.everyMs > 0 ? Array.from({ length: events.count }, (_, i) => [i]) : [Array.from({ length: events.count }, (_, i) => i)];
  let stored = 0;
  const firings: Firing[] = [];
  for (const batch of batches) {
    await p.driver.runTo(step.atMs + batch[0]! * events.everyMs);
    const at = p.clock.now().toISOString();
    const result = await p.security.ingest('events', batch.map((i) => ({ id: `drill:${step.line}:${i}`, type: events.type, occurredAt: at, attributes: { ...events.attributes } })));
    stored += result.stored;
    firings.push(...result.firings);
    if (result.firings.length > 0) {
      // Recorded before the delivery's timeline rows are pulled: the firing reads first in the report.
      const recorded = result.firings.map((f) => p.recorder.firing(f.rule, f.key, f.count));
      await p.security.sweep();
      for (const [i, f] of result.firings.entries()) recorded[i]!.incident = await firingIncident(p.store, f.id);
    }
    await p.driver.settle();
  }
  const fired = firings.map((f) => `${f.rule} fired for ${f.key}${proposalText(p.proposals.get(f.id))}`);
  said.answer = [`${stored} stored`, ...fired].join('; ');
  return null;
}

function proposalText(proposal: ProposalOutcome | undefined): string {
  if (!proposal) return '';
  if (proposal.kind === 'requested') return `, proposed as request #${proposal.number}${proposal.phase === 'awaiting' ? ' (awaiting approval)' : ''}`;
  if (proposal.kind === 'already') return `, request #${proposal.number} already stands`;
  return `, nothing proposed: ${proposal.why}`;
}

async function firingIncident(store: SqlTransport, firingId: number): Promise<number | null> {
  const [row] = await store.query<{ number: number | string | null }>(
    'select i.number from detection_firings f join incidents i on i.id = f.incident_id where f.id = $1', [firingId],
  );
  return row?.number == null ? null : Number(row.number);
}

async function storedFirings(store: SqlTransport, startMs: number): Promise<DrillFiring[]> {
  const rows = await store.query<{ rule: string; key: string; count: number | string; crossed_at: Date | string; number: number | string | null; tags: Record<string, string> | null }>(
    `select f.rule, f.key, f.count, f.crossed_at, i.number,
            (select a.tags from alerts a where a.source = 'security' and a.raw -> 'firing' ->> 'id' = f.id::text limit 1) as tags
       from detection_firings f left join incidents i on i.id = f.incident_id order by f.id`,
  );
  return rows.map((r) => ({
    rule: r.rule, key: r.key, count: Number(r.count), atMs: new Date(r.crossed_at).getTime() - startMs,
    incident: r.number === null ? null : Number(r.number), tags: r.tags ?? {},
  }));
}

function describeAction(action: Exclude<DrillAction, { kind: 'alert' | 'events' | 'approve' | 'deny' | 'vendor' }>, actor: string): string {
  if (action.kind === 'request') return `request ${action.action} ${Object.entries(action.params).map(([k, v]) => `${k}=${v}`).join(' ')} by ${actor}${action.reason ? `: ${action.reason}` : ''}`;
  if (action.kind === 'pagerduty') return `${action.action === 'acknowledged' ? 'acknowledge' : 'resolve'} via PagerDuty`;
  return describeChange(action.change, actor);
}

function describeChange(change: Change, actor: string): string {
  switch (change.kind) {
    case 'acknowledge':
      return `acknowledge by ${actor}`;
    case 'severity':
      return `severity → ${change.severity} by ${actor}`;
    case 'status':
      return `status ${change.status} by ${actor}${change.message ? `: ${change.message}` : ''}`;
    case 'note':
      return `note by ${actor}: ${change.text}`;
    case 'resolve':
      return `resolve by ${actor}${change.summary ? `: ${change.summary}` : ''}`;
    case 'escalate':
      return `escalate by ${actor}${change.reason ? `: ${change.reason}` : ''}`;
    case 'page':
      return `page ${[...change.targets, ...change.policies].join(', ')} by ${actor}`;
    case 'snooze':
      return `snooze reminders by ${actor}`;
    case 'postmortem':
      return `post-mortem ${change.decision} by ${actor}`;
    case 'role':
      return `role ${change.role} → ${change.user} by ${actor}`;
    case 'close':
      return `close by ${actor}`;
  }
}

async function targetIncident(p: Parts, number: number | null): Promise<LoadedIncident | null> {
  const row = number === null
    ? (await p.store.query<{ id: string }>('select id from incidents order by number desc limit 1'))[0]
    : await findIncident(p.store, { number });
  return row ? p.incidents.read(row.id) : null;
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
    private readonly gate: VendorGate,
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
      // Breakers: re-read, and probe the open ones due now (their probe times are on this clock).
      await this.gate.tick();
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
      const busy = await effectsRunnable(this.store);
      if (!busy) break;
      if (Date.now() > deadline) throw new Error(`effects did not settle within ${SETTLE_TIMEOUT_MS / 1000}s of real time`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await this.recorder.pullTimeline();
  }

  /** The next virtual time something is due: a timer, or a failed effect's retry. */
  private async nextDueMs(): Promise<number | null> {
    const [row] = await this.store.query<{ next: Date | string | null }>(
      `select least((select min(due_at) from timers where due_at > now()),
                    (select min(next_attempt_at) from outbox where status = 'pending' and next_attempt_at > now() and parked_on is null),
                    (select min(next_probe_at) from vendor_breakers where state = 'open' and next_probe_at > now())) as next`,
    );
    if (!row?.next) return null;
    return new Date(row.next).getTime() - (this.clock.now().getTime() - this.clock.elapsed());
  }
}
