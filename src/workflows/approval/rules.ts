// Workflows: the approval rules as plain predicates — used by the machine's guards (the authority,
// whatever replica a click lands on) and by the approvals API to answer a click with a reason.
import type { ApprovalContext, ApprovalPhase } from './context.js';

/** Phases in which nothing a person clicks changes the request any more (bar settling an unknown outcome). */
export const DECIDED: readonly ApprovalPhase[] = ['executing', 'succeeded', 'failed', 'unknown', 'denied', 'expired', 'cancelled', 'lifting', 'lifted'];

export type ClickRefusal =
  /** The request is no longer awaiting approval (`phase` says where it stands). */
  | { kind: 'ended'; phase: ApprovalPhase }
  | { kind: 'own-request' }
  | { kind: 'not-an-approver' }
  | { kind: 'already-approved' }
  /** The click was for other parameters than the request holds (a changed request is a new request). */
  | { kind: 'changed-parameters' }
  | { kind: 'not-requester' }
  | { kind: 'not-unknown'; phase: ApprovalPhase };

type Ctx = Pick<ApprovalContext, 'phase' | 'requester' | 'approvers' | 'approvals' | 'paramsHash' | 'required'>;

/** How `user` qualifies as an approver of this request: listed by name, through a group, or not. */
export function qualifies(c: Pick<ApprovalContext, 'approvers'>, user: string, memberOf: readonly string[]): 'user' | 'group' | null {
  if (c.approvers.users.includes(user)) return 'user';
  return memberOf.some((g) => c.approvers.groups.includes(g)) ? 'group' : null;
}

export function approveRefusal(c: Ctx, click: { user: string; memberOf: readonly string[]; paramsHash: string }): ClickRefusal | null {
  if (c.phase !== 'awaiting') return { kind: 'ended', phase: c.phase };
  if (click.paramsHash !== c.paramsHash) return { kind: 'changed-parameters' };
  if (click.user === c.requester) return { kind: 'own-request' };
  if (!qualifies(c, click.user, click.memberOf)) return { kind: 'not-an-approver' };
  if (c.approvals.some((a) => a.user === click.user)) return { kind: 'already-approved' };
  return null;
}

/** Approvers deny; the requester withdraws with Cancel instead. */
export function denyRefusal(c: Ctx, click: { user: string; memberOf: readonly string[] }): ClickRefusal | null {
  if (c.phase !== 'awaiting') return { kind: 'ended', phase: c.phase };
  if (click.user === c.requester) return { kind: 'own-request' };
  if (!qualifies(c, click.user, click.memberOf)) return { kind: 'not-an-approver' };
  return null;
}

export function cancelRefusal(c: Ctx, user: string): ClickRefusal | null {
  if (c.phase !== 'awaiting') return { kind: 'ended', phase: c.phase };
  return user === c.requester ? null : { kind: 'not-requester' };
}

/** After an unknown outcome, the requester or an approver says what happened (or runs it again). */
export function settleRefusal(c: Ctx, click: { user: string; memberOf: readonly string[] }): ClickRefusal | null {
  if (c.phase !== 'unknown') return { kind: 'not-unknown', phase: c.phase };
  if (click.user !== c.requester && !qualifies(c, click.user, click.memberOf)) return { kind: 'not-an-approver' };
  return null;
}

/** The approvals that count once this one is added reach the quorum. */
export const reachesQuorum = (c: Ctx): boolean => c.approvals.length + 1 >= c.required;

/** A commander of the incident asked with a justification: runs without approval, flagged. */
export const breaksGlass = (c: Pick<ApprovalContext, 'breakGlass' | 'commanders' | 'requester' | 'risk'>): boolean =>
  c.risk === 'high' && c.breakGlass !== null && c.breakGlass.justification.trim().length > 0 && c.commanders.includes(c.requester);

export const isEnded = (phase: ApprovalPhase): boolean => phase !== 'awaiting';
