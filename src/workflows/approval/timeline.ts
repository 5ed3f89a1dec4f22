// Workflows: what an approval request writes on its timeline (and copies to its incident's) — a
// kind and its data, never words (timeline-text.ts words them).
import { TIMELINE_ACTION } from '../definition.js';
import type { Args, ExecutionPhase } from './events.js';

export interface ApprovalTimeline {
  'approval.requested': { number: number; action: string; params: Record<string, string>; reason: string | null; risk: 'low' | 'high'; required: number; expiresAt: string | null };
  'approval.approved_by': { number: number; user: string; count: number; required: number };
  'approval.approved': { number: number; by: string[]; automatic: boolean };
  'approval.break_glass': { number: number; by: string; justification: string };
  'approval.denied': { number: number; by: string; reason: string };
  'approval.expired': { number: number };
  'approval.cancelled': { number: number; by: string };
  'approval.executing': { number: number; phase: ExecutionPhase; run: number; action: string; params: Record<string, string> };
  /** A check just before execution failed: nothing was executed. */
  'approval.refused': { number: number; phase: ExecutionPhase; reason: string };
  'approval.succeeded': { number: number; phase: ExecutionPhase; detail: string; link: string | null };
  'approval.failed': { number: number; phase: ExecutionPhase; detail: string };
  'approval.unknown': { number: number; phase: ExecutionPhase; detail: string };
  'approval.settled': { number: number; by: string; decision: 'retry' | 'done' | 'failed' };
  'approval.lift_scheduled': { number: number; at: string };
}

export type ApprovalTimelineKind = keyof ApprovalTimeline;

/** Who did it: the event's actor; at the start (no event yet) the requester. */
export const actorOf = (args: Args): string | null => args.event.actor ?? ((args.event.type as string).startsWith('xstate.') ? args.context.requester : null);

export const record = <K extends ApprovalTimelineKind>(kind: K, data: (args: Args) => ApprovalTimeline[K]) => ({
  type: TIMELINE_ACTION as typeof TIMELINE_ACTION,
  params: (args: Args) => ({ kind, data: data(args), actor: actorOf(args) }),
});
