// Workflows: the effects an approval request asks for, by name and params. The machine's actions
// and the handlers (approvals/effects) are both typed by this catalog.
import type { ExecutionPhase } from './events.js';

const effect =
  <P>() =>
  (_: unknown, _params: P): void => {};

export const approvalEffectActions = {
  /** Post the card in the incident channel, or edit it in place once posted. */
  'approval.card': effect<{ requestId: string }>(),
  /** DM the approvers (users and the members of the groups) a copy of the card. */
  'approval.dmApprovers': effect<{ requestId: string }>(),
  /**
   * Hand the action (or the lift) to the executor, after checking the preconditions again. Queued
   * in the same commit that marks the request executing: a lost answer is "outcome unknown".
   */
  'approval.execute': effect<{ requestId: string; phase: ExecutionPhase; run: number }>(),
  /** Copy a timeline entry of the request onto its incident's timeline (and the audit log, for the system's own steps). */
  'approval.record': effect<{ requestId: string; incidentId: string; kind: string; data: unknown; actor: string | null }>(),
  /** Say it loudly in the incident channel: break-glass, a lift. */
  'approval.announce': effect<{ requestId: string; what: 'break-glass' | 'lifted' | 'lift-failed' | 'outcome-unknown' }>(),
};

export type ApprovalEffects = { [K in keyof typeof approvalEffectActions]: Parameters<(typeof approvalEffectActions)[K]>[1] };
export type ApprovalEffectType = keyof ApprovalEffects;
export const APPROVAL_EFFECT_TYPES = Object.keys(approvalEffectActions) as ApprovalEffectType[];
