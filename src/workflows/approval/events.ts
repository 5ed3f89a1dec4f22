// Workflows: the events an approval request hears — clicks and commands (with who and, for
// approvals, the groups the clicker belongs to as checked at click time), its executor's outcome
// and its timers. Every event carries who and when.
import type { ApprovalContext } from './context.js';

export type Meta = { actor?: string; at?: string };

export type ExecutionPhase = 'action' | 'lift';

export type ApprovalEvent =
  /** `memberOf`: which of the request's approver groups the clicker is in (looked up at click time). */
  | ({ type: 'approval.approve'; memberOf: string[]; paramsHash: string } & Meta)
  | ({ type: 'approval.deny'; memberOf: string[]; reason: string } & Meta)
  | ({ type: 'approval.cancel' } & Meta)
  /** Timer: the request was not decided in time. */
  | ({ type: 'approval.expire' } & Meta)
  /** A check just before execution failed: nothing was executed. */
  | ({ type: 'execution.refused'; phase: ExecutionPhase; reason: string } & Meta)
  | ({ type: 'execution.succeeded'; phase: ExecutionPhase; detail: string; link?: string | null; reference?: string | null; durationMs?: number } & Meta)
  | ({ type: 'execution.failed'; phase: ExecutionPhase; detail: string; durationMs?: number } & Meta)
  /** A call whose answer was lost (the process died mid-call, a timeout): a human settles it. */
  | ({ type: 'execution.unknown'; phase: ExecutionPhase; detail: string } & Meta)
  /** After an unknown outcome: run it again, or record what a human found out. */
  | ({ type: 'approval.settle'; decision: 'retry' | 'done' | 'failed'; memberOf: string[] } & Meta)
  /** Timer: an IP block's TTL ran out. */
  | ({ type: 'lift.due' } & Meta);

export type ApprovalEventType = ApprovalEvent['type'];

export type Args = { context: ApprovalContext; event: ApprovalEvent };

export const ev = <T extends ApprovalEventType>(event: ApprovalEvent, _type: T) => event as Extract<ApprovalEvent, { type: T }>;
