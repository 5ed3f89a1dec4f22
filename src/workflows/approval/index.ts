// Workflows: the approval workflow — one remediation request, its machine, definition and the types
// the approvals feature speaks to it in.
export { approvalDefinition, approvalMachine, EXPIRY_TIMER, LIFT_TIMER } from './machine.js';
export { initialContext, type ApprovalContext, type ApprovalInput, type ApprovalPhase, type Approvers, type ExecutionResult } from './context.js';
export type { ApprovalEvent, ExecutionPhase } from './events.js';
export { APPROVAL_EFFECT_TYPES, type ApprovalEffects, type ApprovalEffectType } from './effects.js';
export type { ApprovalTimeline, ApprovalTimelineKind } from './timeline.js';
export { approvalTimelineText } from './timeline-text.js';
export * as approvalRules from './rules.js';
export type { ClickRefusal } from './rules.js';
