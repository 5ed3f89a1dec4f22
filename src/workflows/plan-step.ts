// Workflows: turns the actions a pure XState transition returned into the rows of one commit.
import type { EffectRow, TimelineRow, TimerRow } from '../store/workflows.js';
import { TIMELINE_ACTION, type EffectPolicy } from './definition.js';

export interface ReturnedAction {
  type: string;
  params?: unknown;
}

export interface StepRows {
  timers: TimerRow[];
  cancel: string[];
  effects: EffectRow[];
  timeline: TimelineRow[];
}

/**
 * Delayed `xstate.raise` → a timer row (absolute deadline computed by the database clock);
 * `xstate.cancel` → a timer deletion; `timeline.record` → a timeline row (worded by `timelineText`
 * unless it brings its own message); any other custom action →
 * an outbox row whose idempotency key is stable for this step (workflow, committed version, index).
 * A raise without delay was already processed inside the transition and is ignored here.
 */
export function planStep(
  actions: readonly ReturnedAction[],
  workflowId: string,
  nextVersion: number,
  policy: EffectPolicy,
  timelineText?: (kind: string, data: unknown) => string,
): StepRows {
  const timers = new Map<string, TimerRow>();
  const cancel = new Set<string>();
  const effects: EffectRow[] = [];
  const timeline: TimelineRow[] = [];

  for (const action of actions) {
    const params = (action.params ?? {}) as Record<string, unknown>;
    if (action.type === 'xstate.raise') {
      if (typeof params.delay !== 'number') continue;
      const event = params.event as TimerRow['event'];
      const key = typeof params.id === 'string' ? params.id : `raise.${event.type}`;
      timers.set(key, { key, event, delay_ms: Math.max(0, Math.round(params.delay)) });
    } else if (action.type === 'xstate.cancel') {
      const key = String(params.sendId);
      timers.delete(key);
      cancel.add(key);
    } else if (action.type === TIMELINE_ACTION) {
      const kind = String(params.kind ?? 'note');
      const data = params.data ?? null;
      timeline.push({
        kind,
        message: typeof params.message === 'string' ? params.message : (timelineText?.(kind, data) ?? ''),
        actor: typeof params.actor === 'string' ? params.actor : null,
        data,
      });
    } else if (action.type.startsWith('xstate.')) {
      // Other built-ins (log, emit, sendTo…) have no meaning for a persisted machine.
      continue;
    } else {
      effects.push({
        type: action.type,
        params,
        idempotency_key: `${workflowId}:${nextVersion}:${effects.length}`,
        ordering_key: policy.orderingKey(action.type, params, workflowId),
        max_attempts: policy.maxAttempts(action.type),
      });
    }
  }
  return { timers: [...timers.values()], cancel: [...cancel], effects, timeline };
}
