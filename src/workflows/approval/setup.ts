// Workflows: the approval machine's base setup — its types, its timeline action and its effect catalog.
import { setup } from 'xstate';
import { TIMELINE_ACTION } from '../definition.js';
import type { ApprovalContext, ApprovalInput } from './context.js';
import { approvalEffectActions, type ApprovalEffects, type ApprovalEffectType } from './effects.js';
import type { ApprovalEvent, Args } from './events.js';

export const approvalSetup = setup({
  types: {
    context: {} as ApprovalContext,
    input: {} as ApprovalInput,
    events: {} as ApprovalEvent,
  },
  actions: {
    [TIMELINE_ACTION]: (_: unknown, _params: { kind: string; data: unknown; actor: string | null }) => {},
    ...approvalEffectActions,
  },
});

export const fx = <K extends ApprovalEffectType>(type: K, params: (args: Args) => ApprovalEffects[K]) => ({ type, params });
