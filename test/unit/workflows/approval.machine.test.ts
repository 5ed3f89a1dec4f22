import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { approvalMachine, approvalTimelineText, EXPIRY_TIMER, LIFT_TIMER, type ApprovalContext, type ApprovalEvent, type ApprovalInput } from '../../../src/workflows/approval/index.js';

const HASH = 'h-1';
const input = (over: Partial<ApprovalInput> = {}): ApprovalInput => ({
  id: 'apr_1', number: 1, incidentId: 'inc_1', action: 'block_ip', kind: 'block_ip', params: { ip: '203.0.113.7' }, paramsHash: HASH,
  reason: 'login storm', requester: 'U0REQ', requestedAt: '2026-12-08T02:00:00.000Z', risk: 'high',
  approvers: { users: ['U0ANNA'], groups: ['S0SEC'] }, required: 1, expiryMs: 15 * 60_000, executor: 'cloudflare', idempotent: false,
  liftAfterMs: null, commanders: ['U0CMD'], breakGlass: null, dmApprovers: false,
  ...over,
});

type Action = { type: string; params?: Record<string, unknown> };
type Snap = AnyMachineSnapshot & { context: ApprovalContext };

function start(over: Partial<ApprovalInput> = {}) {
  const [s, actions] = initialTransition(approvalMachine, input(over));
  return { snapshot: s as Snap, actions: actions as Action[] };
}
function step(snapshot: Snap, event: ApprovalEvent) {
  const [next, actions] = transition(approvalMachine, snapshot, { at: '2026-12-08T02:01:00.000Z', ...event } as ApprovalEvent);
  return { snapshot: next as Snap, actions: actions as Action[] };
}
const approve = (actor: string, memberOf: string[] = [], paramsHash = HASH): ApprovalEvent => ({ type: 'approval.approve', actor, memberOf, paramsHash });
const executes = (actions: Action[]) => actions.filter((a) => a.type === 'approval.execute').map((a) => ({ type: a.type, params: a.params }));
const typed = (actions: Action[]) => actions.map((a) => ({ type: a.type, params: a.params }));
const lines = (actions: Action[]) =>
  actions.filter((a) => a.type === 'timeline.record').map((a) => approvalTimelineText(String(a.params?.kind), a.params?.data));

describe('approval machine', () => {
  it('waits for approval with the card posted and a durable expiry timer', () => {
    const { snapshot, actions } = start();
    expect(snapshot.context.phase).toBe('awaiting');
    expect(actions.map((a) => a.type)).toEqual(expect.arrayContaining(['approval.card', 'xstate.raise']));
    const raise = actions.find((a) => a.type === 'xstate.raise')!;
    expect(raise.params).toMatchObject({ id: EXPIRY_TIMER, delay: 15 * 60_000, event: { type: 'approval.expire' } });
    expect(snapshot.context.expiresAt).toBe('2026-12-08T02:15:00.000Z');
    expect(executes(actions)).toEqual([]);
  });

  it('low risk runs at once, without approval', () => {
    const { snapshot, actions } = start({ risk: 'low' });
    expect(snapshot.context.phase).toBe('executing');
    expect(executes(actions)).toEqual([{ type: 'approval.execute', params: { requestId: 'apr_1', phase: 'action', run: 1 } }]);
  });

  it('refuses self-approval: the requester does not count, even when an approver', () => {
    const { snapshot } = start({ approvers: { users: ['U0REQ', 'U0ANNA'], groups: [] } });
    const r = step(snapshot, approve('U0REQ'));
    expect(r.snapshot.context.phase).toBe('awaiting');
    expect(r.snapshot.context.approvals).toEqual([]);
    expect(executes(r.actions)).toEqual([]);
  });

  it('ignores a non-approver, and a group the request does not name', () => {
    const { snapshot } = start();
    const r = step(step(snapshot, approve('U0BOB')).snapshot, approve('U0EVE', ['S0OTHER']));
    expect(r.snapshot.context.approvals).toEqual([]);
    expect(r.snapshot.context.phase).toBe('awaiting');
  });

  it('2-of-3: executes once the second distinct approver says yes, group members count', () => {
    let { snapshot } = start({ required: 2, approvers: { users: ['U0ANNA', 'U0BEN'], groups: ['S0SEC'] } });
    let r = step(snapshot, approve('U0ANNA'));
    expect(executes(r.actions)).toEqual([]);
    expect(r.actions.map((a) => a.type)).toContain('approval.card');
    r = step(r.snapshot, approve('U0ANNA'));
    expect(r.snapshot.context.approvals).toHaveLength(1);
    r = step(r.snapshot, approve('U0CAL', ['S0SEC']));
    snapshot = r.snapshot;
    expect(snapshot.context.phase).toBe('executing');
    expect(snapshot.context.approvals.map((a: { user: string; as: string }) => [a.user, a.as])).toEqual([['U0ANNA', 'user'], ['U0CAL', 'group']]);
    expect(executes(r.actions)).toHaveLength(1);
    expect(typed(r.actions)).toContainEqual({ type: 'xstate.cancel', params: { sendId: EXPIRY_TIMER } });
    expect(lines(r.actions)).toContain('Request #1 approved');
  });

  it('expires when nobody decides in time; later clicks change nothing', () => {
    const { snapshot } = start();
    const r = step(snapshot, { type: 'approval.expire' });
    expect(r.snapshot.context.phase).toBe('expired');
    expect(r.snapshot.status).toBe('done');
    const late = step(r.snapshot, approve('U0ANNA'));
    expect(executes(late.actions)).toEqual([]);
    expect(late.snapshot.context.approvals).toEqual([]);
  });

  it('deny ends it with the reason; the requester cannot deny, only cancel', () => {
    const { snapshot } = start();
    expect(step(snapshot, { type: 'approval.deny', actor: 'U0REQ', memberOf: [], reason: 'x' }).snapshot.context.phase).toBe('awaiting');
    const r = step(snapshot, { type: 'approval.deny', actor: 'U0ANNA', memberOf: [], reason: 'office IP' });
    expect(r.snapshot.context.phase).toBe('denied');
    expect(r.snapshot.context.denial).toMatchObject({ by: 'U0ANNA', reason: 'office IP' });
    expect(lines(r.actions)).toContain('Request #1 denied by <@U0ANNA>: office IP');
  });

  it('cancel is for the requester only', () => {
    const { snapshot } = start();
    expect(step(snapshot, { type: 'approval.cancel', actor: 'U0ANNA' }).snapshot.context.phase).toBe('awaiting');
    const r = step(snapshot, { type: 'approval.cancel', actor: 'U0REQ' });
    expect(r.snapshot.context.phase).toBe('cancelled');
    expect(typed(r.actions)).toContainEqual({ type: 'xstate.cancel', params: { sendId: EXPIRY_TIMER } });
  });

  it('a double click, or the same click delivered twice, executes once', () => {
    const { snapshot } = start();
    const first = step(snapshot, approve('U0ANNA'));
    const second = step(first.snapshot, approve('U0ANNA'));
    expect(executes(first.actions)).toHaveLength(1);
    expect(executes(second.actions)).toEqual([]);
    expect(second.snapshot.context.runs).toBe(1);
  });

  it('a click replayed after execution changes nothing', () => {
    const { snapshot } = start();
    const done = step(step(snapshot, approve('U0ANNA')).snapshot, { type: 'execution.succeeded', phase: 'action', detail: 'blocked' });
    expect(done.snapshot.context.phase).toBe('succeeded');
    const replay = step(done.snapshot, approve('U0ANNA'));
    expect(replay.actions.filter((a) => a.type !== 'xstate.stop')).toEqual([]);
    expect(replay.snapshot.context).toEqual(done.snapshot.context);
  });

  it('break-glass: a commander with a justification runs it alone, flagged and announced', () => {
    const { snapshot, actions } = start({ requester: 'U0CMD', breakGlass: { justification: 'active exfiltration' } });
    expect(snapshot.context.phase).toBe('executing');
    expect(snapshot.context.brokeGlass).toBe(true);
    expect(typed(actions)).toContainEqual({ type: 'approval.announce', params: { requestId: 'apr_1', what: 'break-glass' } });
    expect(lines(actions)).toContain('BREAK-GLASS: request #1 run without approval by <@U0CMD>: active exfiltration');
  });

  it('break-glass without a justification, or by someone who is not a commander, waits for approval', () => {
    expect(start({ requester: 'U0CMD', breakGlass: { justification: '  ' } }).snapshot.context.phase).toBe('awaiting');
    expect(start({ requester: 'U0REQ', breakGlass: { justification: 'because' } }).snapshot.context.phase).toBe('awaiting');
  });

  it('an approval for other parameters does not count (a changed request is a new request)', () => {
    const { snapshot } = start();
    const r = step(snapshot, approve('U0ANNA', [], 'h-other'));
    expect(r.snapshot.context.approvals).toEqual([]);
    expect(executes(r.actions)).toEqual([]);
  });

  it('a refused precondition is recorded, not executed', () => {
    const { snapshot } = start();
    const r = step(step(snapshot, approve('U0ANNA')).snapshot, { type: 'execution.refused', phase: 'action', reason: 'hourly cap of 5 reached' });
    expect(r.snapshot.context.phase).toBe('failed');
    expect(r.snapshot.context.refusal).toBe('hourly cap of 5 reached');
    expect(lines(r.actions)).toContain('Action of request #1 not executed: hourly cap of 5 reached');
  });

  it('outcome unknown waits for a person: Retry runs again, Mark done / Mark failed settle it', () => {
    const approved = step(start().snapshot, approve('U0ANNA')).snapshot;
    const unknown = step(approved, { type: 'execution.unknown', phase: 'action', detail: 'the process stopped mid-call' });
    expect(unknown.snapshot.context.phase).toBe('unknown');
    expect(unknown.snapshot.status).toBe('active');
    expect(executes(unknown.actions)).toEqual([]);
    // A stranger cannot settle it.
    expect(step(unknown.snapshot, { type: 'approval.settle', actor: 'U0BOB', memberOf: [], decision: 'retry' }).snapshot.context.phase).toBe('unknown');
    const retry = step(unknown.snapshot, { type: 'approval.settle', actor: 'U0ANNA', memberOf: [], decision: 'retry' });
    expect(executes(retry.actions)).toEqual([{ type: 'approval.execute', params: { requestId: 'apr_1', phase: 'action', run: 2 } }]);
    expect(step(unknown.snapshot, { type: 'approval.settle', actor: 'U0REQ', memberOf: [], decision: 'done' }).snapshot.context.phase).toBe('succeeded');
    expect(step(unknown.snapshot, { type: 'approval.settle', actor: 'U0REQ', memberOf: [], decision: 'failed' }).snapshot.context.phase).toBe('failed');
  });

  it('an IP block lifts itself after its TTL (a durable timer), and says so', () => {
    const approved = step(start({ liftAfterMs: 24 * 3_600_000 }).snapshot, approve('U0ANNA')).snapshot;
    const blocked = step(approved, { type: 'execution.succeeded', phase: 'action', detail: 'rule r-1', reference: 'r-1', at: '2026-12-08T02:02:00.000Z' });
    expect(blocked.snapshot.value).toBe('blocked');
    expect(blocked.snapshot.context.liftAt).toBe('2026-12-09T02:02:00.000Z');
    expect(blocked.actions.find((a) => a.type === 'xstate.raise')?.params).toMatchObject({ id: LIFT_TIMER, delay: 24 * 3_600_000 });
    const lifting = step(blocked.snapshot, { type: 'lift.due' });
    expect(executes(lifting.actions)).toEqual([{ type: 'approval.execute', params: { requestId: 'apr_1', phase: 'lift', run: 1 } }]);
    const lifted = step(lifting.snapshot, { type: 'execution.succeeded', phase: 'lift', detail: 'rule removed' });
    expect(lifted.snapshot.context.phase).toBe('lifted');
    expect(typed(lifted.actions)).toContainEqual({ type: 'approval.announce', params: { requestId: 'apr_1', what: 'lifted' } });
  });
});

// Model-based: any sequence of clicks, deliveries and timers against a small reference model.
const USERS = ['U0REQ', 'U0ANNA', 'U0BEN', 'U0CAL', 'U0BOB'] as const;
const GROUPS: Record<string, string[]> = { U0CAL: ['S0SEC'], U0BOB: ['S0OTHER'] };
const command = fc.oneof(
  fc.record({ type: fc.constant('approve' as const), user: fc.constantFrom(...USERS), stale: fc.boolean() }),
  fc.record({ type: fc.constant('deny' as const), user: fc.constantFrom(...USERS) }),
  fc.record({ type: fc.constant('cancel' as const), user: fc.constantFrom(...USERS) }),
  fc.constant({ type: 'expire' as const }),
  fc.constantFrom({ type: 'outcome' as const, how: 'succeeded' as const }, { type: 'outcome' as const, how: 'failed' as const }, { type: 'outcome' as const, how: 'unknown' as const }),
);
type Cmd = fc.Arbitrary<typeof command extends fc.Arbitrary<infer T> ? T : never> extends fc.Arbitrary<infer T> ? T : never;

describe('approval machine, model-based', () => {
  it('executes only with a quorum of distinct non-requester approvers, at most once, and ends for good', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(command, { maxLength: 25 }), (required, cmds: Cmd[]) => {
        let { snapshot } = start({ required, approvers: { users: ['U0ANNA', 'U0BEN', 'U0REQ'], groups: ['S0SEC'] } });
        // The model.
        let phase: string = 'awaiting';
        const approvers = new Set<string>();
        let executions = 0;
        for (const c of cmds) {
          let event: ApprovalEvent;
          if (c.type === 'approve') event = approve(c.user, GROUPS[c.user] ?? [], c.stale ? 'h-stale' : HASH);
          else if (c.type === 'deny') event = { type: 'approval.deny', actor: c.user, memberOf: GROUPS[c.user] ?? [], reason: 'no' };
          else if (c.type === 'cancel') event = { type: 'approval.cancel', actor: c.user };
          else if (c.type === 'expire') event = { type: 'approval.expire' };
          else event = c.how === 'succeeded' ? { type: 'execution.succeeded', phase: 'action', detail: 'ok' } : { type: `execution.${c.how}`, phase: 'action', detail: 'x' } as ApprovalEvent;

          const isApprover = (u: string) => u !== 'U0REQ' && (['U0ANNA', 'U0BEN'].includes(u) || (GROUPS[u] ?? []).includes('S0SEC'));
          if (phase === 'awaiting') {
            if (c.type === 'approve' && !c.stale && isApprover(c.user) && !approvers.has(c.user)) {
              approvers.add(c.user);
              if (approvers.size >= required) phase = 'executing';
            } else if (c.type === 'deny' && isApprover(c.user)) phase = 'denied';
            else if (c.type === 'cancel' && c.user === 'U0REQ') phase = 'cancelled';
            else if (c.type === 'expire') phase = 'expired';
          } else if (phase === 'executing' && c.type === 'outcome') phase = c.how;

          const r = step(snapshot, event);
          snapshot = r.snapshot;
          executions += executes(r.actions).length;
          expect(snapshot.context.phase).toBe(phase);
          expect(new Set(snapshot.context.approvals.map((a: { user: string }) => a.user))).toEqual(approvers);
          expect(snapshot.context.approvals.map((a: { user: string }) => a.user)).not.toContain('U0REQ');
        }
        expect(executions).toBe(['executing', 'succeeded', 'failed', 'unknown'].includes(phase) ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });
});
