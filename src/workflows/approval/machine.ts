// Workflows: one approval request (pure) — requested → awaiting approval → executing → succeeded |
// failed | outcome unknown, or denied, expired (a durable timer), cancelled. Low risk and a
// commander's break-glass skip the wait. An IP block that succeeded waits for its TTL (another
// durable timer) and lifts itself. Clicks that do not count leave the request as it is; the
// approvals API answers them with the reason (rules.ts, the same predicates as the guards here).
import { and } from 'xstate';
import type { WorkflowDefinition } from '../definition.js';
import { initialContext, type ApprovalContext, type ApprovalPhase, type ExecutionResult } from './context.js';
import { ev, type Args, type ExecutionPhase } from './events.js';
import { approveRefusal, breaksGlass, cancelRefusal, denyRefusal, qualifies, reachesQuorum, settleRefusal } from './rules.js';
import { approvalSetup, fx } from './setup.js';
import { actorOf as recordActor, record, type ApprovalTimeline, type ApprovalTimelineKind } from './timeline.js';
import { approvalTimelineText } from './timeline-text.js';

/** Timer ids (a re-raise with the same id replaces the row). */
export const EXPIRY_TIMER = 'approval.expiry';
export const LIFT_TIMER = 'approval.lift';

const memberOf = (event: Args['event']): string[] => ('memberOf' in event ? event.memberOf : []);
const actorOf = (event: Args['event']): string => event.actor ?? '';

const s = approvalSetup.extend({
  guards: {
    lowRisk: ({ context }: Args) => context.risk === 'low',
    breaksGlass: ({ context }: Args) => breaksGlass(context),
    approvalCounts: ({ context, event }: Args) =>
      approveRefusal(context, { user: actorOf(event), memberOf: memberOf(event), paramsHash: ev(event, 'approval.approve').paramsHash }) === null,
    reachesQuorum: ({ context }: Args) => reachesQuorum(context),
    mayDeny: ({ context, event }: Args) => denyRefusal(context, { user: actorOf(event), memberOf: memberOf(event) }) === null,
    mayCancel: ({ context, event }: Args) => cancelRefusal(context, actorOf(event)) === null,
    maySettle: ({ context, event }: Args) => settleRefusal(context, { user: actorOf(event), memberOf: memberOf(event) }) === null,
    actionPhase: ({ event }: Args) => 'phase' in event && event.phase === 'action',
    liftPhase: ({ event }: Args) => 'phase' in event && event.phase === 'lift',
    liftsLater: ({ context }: Args) => context.liftAfterMs !== null && context.liftAfterMs > 0,
  },
  delays: {
    expiry: ({ context }: Args) => context.expiryMs,
    liftAfter: ({ context }: Args) => context.liftAfterMs ?? 0,
  },
});

const phase = (p: ApprovalPhase) => s.assign({ phase: () => p });
const n = ({ context }: Args) => context.number;

/** A timeline entry of the request, also copied onto its incident's timeline (and audited when the system did it). */
const note = <K extends ApprovalTimelineKind>(kind: K, data: (args: Args) => ApprovalTimeline[K]) => [
  record(kind, data),
  fx('approval.record', (args) => ({ requestId: args.context.id, incidentId: args.context.incidentId, kind, data: data(args), actor: recordActor(args) })),
];
const card = fx('approval.card', ({ context }) => ({ requestId: context.id }));

const resultOf = ({ event }: Args): ExecutionResult => {
  const e = event as Extract<Args['event'], { type: 'execution.succeeded' | 'execution.failed' | 'execution.unknown' | 'execution.refused' }>;
  const ok = e.type === 'execution.succeeded';
  const detail = e.type === 'execution.refused' ? e.reason : e.detail;
  return {
    ok, detail,
    link: ok ? ((e as { link?: string | null }).link ?? null) : null,
    reference: ok ? ((e as { reference?: string | null }).reference ?? null) : null,
    at: e.at ?? '', durationMs: (e as { durationMs?: number }).durationMs ?? null,
  };
};

const outcome = (p: ExecutionPhase) => ({
  succeeded: note('approval.succeeded', (a) => ({ number: n(a), phase: p, detail: resultOf(a).detail, link: resultOf(a).link })),
  failed: note('approval.failed', (a) => ({ number: n(a), phase: p, detail: resultOf(a).detail })),
  unknown: note('approval.unknown', (a) => ({ number: n(a), phase: p, detail: resultOf(a).detail })),
  refused: note('approval.refused', (a) => ({ number: n(a), phase: p, reason: resultOf(a).detail })),
});
const assignResult = s.assign({ result: (a: Args) => resultOf(a) });
const assignRefusal = s.assign({ refusal: ({ event }: Args) => ev(event, 'execution.refused').reason, result: (a: Args) => resultOf(a) });
const assignLift = s.assign({ lift: (a: Args) => resultOf(a) });

const requestedNote = note('approval.requested', ({ context }) => ({
  number: context.number, action: context.action, params: context.params, reason: context.reason, risk: context.risk,
  required: context.required, expiresAt: context.risk === 'high' ? context.expiresAt : null,
}));

export const approvalMachine = s.createMachine({
  id: 'approval',
  context: ({ input }) => initialContext(input),
  initial: 'requested',
  states: {
    requested: {
      always: [
        { guard: 'lowRisk', target: 'executing', actions: [...requestedNote, ...note('approval.approved', ({ context }) => ({ number: context.number, by: [], automatic: true }))] },
        {
          guard: 'breaksGlass',
          target: 'executing',
          actions: [
            s.assign({ brokeGlass: () => true }),
            ...requestedNote,
            ...note('approval.break_glass', ({ context }) => ({ number: context.number, by: context.requester, justification: context.breakGlass?.justification ?? '' })),
            fx('approval.announce', ({ context }) => ({ requestId: context.id, what: 'break-glass' })),
          ],
        },
        { target: 'awaiting', actions: requestedNote },
      ],
    },
    awaiting: {
      entry: [
        phase('awaiting'),
        card,
        s.enqueueActions(({ context, enqueue }) => {
          if (context.dmApprovers) enqueue({ type: 'approval.dmApprovers', params: { requestId: context.id } });
        }),
        s.raise({ type: 'approval.expire' }, { id: EXPIRY_TIMER, delay: 'expiry' }),
      ],
      exit: s.cancel(EXPIRY_TIMER),
      on: {
        'approval.approve': [
          {
            guard: and(['approvalCounts', 'reachesQuorum']),
            target: 'executing',
            actions: [
              s.assign({ approvals: ({ context, event }) => [...context.approvals, { user: actorOf(event), at: event.at ?? '', as: qualifies(context, actorOf(event), memberOf(event)) ?? 'user' }] }),
              ...note('approval.approved_by', ({ context, event }) => ({ number: context.number, user: actorOf(event), count: context.approvals.length, required: context.required })),
              ...note('approval.approved', ({ context }) => ({ number: context.number, by: context.approvals.map((a) => a.user), automatic: false })),
            ],
          },
          {
            guard: 'approvalCounts',
            actions: [
              s.assign({ approvals: ({ context, event }) => [...context.approvals, { user: actorOf(event), at: event.at ?? '', as: qualifies(context, actorOf(event), memberOf(event)) ?? 'user' }] }),
              ...note('approval.approved_by', ({ context, event }) => ({ number: context.number, user: actorOf(event), count: context.approvals.length, required: context.required })),
              card,
            ],
          },
        ],
        'approval.deny': {
          guard: 'mayDeny',
          target: 'denied',
          actions: [
            s.assign({ denial: ({ event }) => ({ by: actorOf(event), reason: ev(event, 'approval.deny').reason, at: event.at ?? '' }) }),
            ...note('approval.denied', ({ context, event }) => ({ number: context.number, by: actorOf(event), reason: ev(event, 'approval.deny').reason })),
          ],
        },
        'approval.cancel': {
          guard: 'mayCancel',
          target: 'cancelled',
          actions: [s.assign({ cancelledBy: ({ event }) => actorOf(event) }), ...note('approval.cancelled', ({ context, event }) => ({ number: context.number, by: actorOf(event) }))],
        },
        'approval.expire': { target: 'expired', actions: note('approval.expired', ({ context }) => ({ number: context.number })) },
      },
    },
    // Marked in the same commit that queues the execute effect: whatever happens to the process
    // from here, the request is on record as handed over, and is never handed over twice by itself.
    executing: {
      entry: [
        phase('executing'),
        s.assign({ runs: ({ context }) => context.runs + 1 }),
        ...note('approval.executing', ({ context }) => ({ number: context.number, phase: 'action', run: context.runs, action: context.action, params: context.params })),
        fx('approval.execute', ({ context }) => ({ requestId: context.id, phase: 'action', run: context.runs })),
        card,
      ],
      on: {
        'execution.succeeded': [
          { guard: and(['actionPhase', 'liftsLater']), target: 'blocked', actions: [assignResult, ...outcome('action').succeeded] },
          { guard: 'actionPhase', target: 'succeeded', actions: [assignResult, ...outcome('action').succeeded] },
        ],
        'execution.failed': { guard: 'actionPhase', target: 'failed', actions: [assignResult, ...outcome('action').failed] },
        'execution.refused': { guard: 'actionPhase', target: 'failed', actions: [assignRefusal, ...outcome('action').refused] },
        'execution.unknown': { guard: 'actionPhase', target: 'unknown', actions: [assignResult, ...outcome('action').unknown] },
      },
    },
    unknown: {
      entry: [phase('unknown'), card, fx('approval.announce', ({ context }) => ({ requestId: context.id, what: 'outcome-unknown' }))],
      on: {
        'approval.settle': [
          { guard: and(['maySettle', ({ event }: Args) => ev(event, 'approval.settle').decision === 'retry']), target: 'executing', actions: settled() },
          {
            guard: and(['maySettle', 'liftsLater', ({ event }: Args) => ev(event, 'approval.settle').decision === 'done']),
            target: 'blocked',
            actions: [...settled(), s.assign({ result: ({ context, event }) => ({ ...(context.result as ExecutionResult), ok: true, detail: `marked done by <@${actorOf(event)}>` }) })],
          },
          {
            guard: and(['maySettle', ({ event }: Args) => ev(event, 'approval.settle').decision === 'done']),
            target: 'succeeded',
            actions: [...settled(), s.assign({ result: ({ context, event }) => ({ ...(context.result as ExecutionResult), ok: true, detail: `marked done by <@${actorOf(event)}>` }) })],
          },
          { guard: 'maySettle', target: 'failed', actions: [...settled(), s.assign({ result: ({ context, event }) => ({ ...(context.result as ExecutionResult), ok: false, detail: `marked failed by <@${actorOf(event)}>` }) })] },
        ],
      },
    },
    // An IP block in force until its TTL runs out (a durable timer: restarts do not lose it).
    blocked: {
      entry: [
        phase('succeeded'),
        s.assign({ liftAt: ({ context, event }) => new Date(Date.parse(event.at ?? '') + (context.liftAfterMs ?? 0)).toISOString() }),
        ...note('approval.lift_scheduled', ({ context, event }) => ({ number: context.number, at: new Date(Date.parse(event.at ?? '') + (context.liftAfterMs ?? 0)).toISOString() })),
        s.raise({ type: 'lift.due' }, { id: LIFT_TIMER, delay: 'liftAfter' }),
        card,
      ],
      on: { 'lift.due': 'lifting' },
    },
    lifting: {
      entry: [
        phase('lifting'),
        ...note('approval.executing', ({ context }) => ({ number: context.number, phase: 'lift', run: 1, action: context.action, params: context.params })),
        fx('approval.execute', ({ context }) => ({ requestId: context.id, phase: 'lift', run: 1 })),
        card,
      ],
      on: {
        'execution.succeeded': { guard: 'liftPhase', target: 'lifted', actions: [assignLift, ...outcome('lift').succeeded] },
        'execution.failed': { guard: 'liftPhase', target: 'liftFailed', actions: [assignLift, ...outcome('lift').failed] },
        'execution.refused': { guard: 'liftPhase', target: 'liftFailed', actions: [assignLift, ...outcome('lift').refused] },
        'execution.unknown': { guard: 'liftPhase', target: 'liftFailed', actions: [assignLift, ...outcome('lift').unknown] },
      },
    },
    succeeded: { type: 'final', entry: [phase('succeeded'), card] },
    failed: { type: 'final', entry: [phase('failed'), card] },
    denied: { type: 'final', entry: [phase('denied'), card] },
    expired: { type: 'final', entry: [phase('expired'), card] },
    cancelled: { type: 'final', entry: [phase('cancelled'), card] },
    lifted: { type: 'final', entry: [phase('lifted'), card, fx('approval.announce', ({ context }) => ({ requestId: context.id, what: 'lifted' }))] },
    // The block stays in force: said loudly, so a person lifts it by hand.
    liftFailed: { type: 'final', entry: [phase('lifted'), card, fx('approval.announce', ({ context }) => ({ requestId: context.id, what: 'lift-failed' }))] },
  },
});

function settled() {
  return [
    s.assign({ settledBy: ({ event }: Args) => ({ user: actorOf(event), decision: ev(event, 'approval.settle').decision }) }),
    ...note('approval.settled', ({ context, event }) => ({ number: context.number, by: actorOf(event), decision: ev(event, 'approval.settle').decision })),
  ];
}

export const approvalDefinition: WorkflowDefinition = {
  kind: 'approval',
  machine: approvalMachine,
  version: 1,
  timelineText: approvalTimelineText,
  summarize: ({ context }) => {
    const c = context as ApprovalContext;
    return { incidentId: c.incidentId, number: c.number, action: c.action, phase: c.phase, requester: c.requester, params: c.params, expiresAt: c.expiresAt };
  },
};
