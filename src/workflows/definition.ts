// Workflows: what the runner needs to know about a machine kind.
import type { AnyStateMachine } from 'xstate';

export interface WorkflowDefinition {
  /** Stored beside every workflow of this kind, e.g. 'incident'. */
  readonly kind: string;
  /** A pure XState v5 machine: no invoke, no spawn, custom actions are effects (data). */
  readonly machine: AnyStateMachine;
  /**
   * Written beside each snapshot. Bump it when a change would misread old snapshots, and list the
   * versions this machine can still restore in `reads`: a snapshot of any other version fails its
   * workflow (and only that workflow) with the reason on its timeline.
   */
  readonly version: number;
  readonly reads?: readonly number[];
  /**
   * A small JSON projection of the snapshot that the store can query (an incident's status and
   * severity for correlation and listing). Written in the same commit as the snapshot.
   */
  readonly summarize?: (snapshot: { value: unknown; context: unknown; status: string }) => unknown;
  /**
   * The timeline line for an entry the machine wrote as `{ kind, data }` (machines hold no words):
   * stored beside the data when the step commits.
   */
  readonly timelineText?: (kind: string, data: unknown) => string;
}

/** How the outbox treats an effect type: ordering and attempts, decided when the step commits. */
export interface EffectPolicy {
  orderingKey(type: string, params: Record<string, unknown>, workflowId: string): string | null;
  maxAttempts(type: string): number;
}

export const defaultEffectPolicy: EffectPolicy = {
  orderingKey: (_type, params) => (typeof params.orderingKey === 'string' ? params.orderingKey : null),
  maxAttempts: () => 8,
};

/**
 * The custom action a machine uses to write its timeline: `{ type: 'timeline.record', params:
 * { kind, data?, actor?, message? } }` (the definition's timelineText words it when no message is
 * given). Everything else a transition returns becomes an effect.
 */
export const TIMELINE_ACTION = 'timeline.record';
