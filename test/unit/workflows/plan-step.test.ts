import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { planStep } from '../../../src/workflows/plan-step.js';
import { defaultEffectPolicy, type EffectPolicy } from '../../../src/workflows/definition.js';
import { orderedMachine, timerMachine } from '../../support/machines.js';

describe('planStep', () => {
  it('turns an after delay into a timer row with the resolved delay', () => {
    const [, actions] = initialTransition(timerMachine, { delayMs: 2000 });
    const rows = planStep(actions, 'w1', 1, defaultEffectPolicy);
    expect(rows.timers).toEqual([
      { key: 'xstate.after.wait.timer.waiting', event: { type: 'xstate.after.wait.timer.waiting' }, delay_ms: 2000 },
    ]);
    expect(rows.effects).toEqual([]);
    expect(rows.cancel).toEqual([]);
  });

  it('cancels and re-arms the same key when a state is re-entered', () => {
    const [s] = initialTransition(timerMachine, { delayMs: 2000 });
    const [, actions] = transition(timerMachine, s, { type: 'reset' });
    const rows = planStep(actions, 'w1', 2, defaultEffectPolicy);
    expect(rows.cancel).toEqual(['xstate.after.wait.timer.waiting']);
    expect(rows.timers.map((t) => t.key)).toEqual(['xstate.after.wait.timer.waiting']);
  });

  it('drops a timer raised and cancelled within the same step', () => {
    const rows = planStep(
      [
        { type: 'xstate.raise', params: { event: { type: 'later' }, id: 'k', delay: 10 } },
        { type: 'xstate.cancel', params: { sendId: 'k' } },
      ],
      'w1', 3, defaultEffectPolicy,
    );
    expect(rows.timers).toEqual([]);
    expect(rows.cancel).toEqual(['k']);
  });

  it('ignores an immediate raise, which the transition already processed', () => {
    const rows = planStep([{ type: 'xstate.raise', params: { event: { type: 'now' } } }], 'w1', 1, defaultEffectPolicy);
    expect(rows).toEqual({ timers: [], cancel: [], effects: [], timeline: [] });
  });

  it('gives every effect a key stable for its workflow, committed version and position', () => {
    const [s] = initialTransition(orderedMachine, { key: 'chan-1' });
    const [, actions] = transition(orderedMachine, s, { type: 'poke' });
    const rows = planStep(actions, 'w9', 7, defaultEffectPolicy);
    expect(rows.effects).toHaveLength(20);
    expect(rows.effects[0]).toMatchObject({ type: 'test.ordered', idempotency_key: 'w9:7:0', ordering_key: 'chan-1', max_attempts: 8 });
    expect(rows.effects[19]?.idempotency_key).toBe('w9:7:19');
    expect(rows.effects.map((e) => e.params.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('asks the effect policy for ordering and attempts', () => {
    const policy: EffectPolicy = { orderingKey: (type, _p, wf) => `${type}@${wf}`, maxAttempts: () => 3 };
    const rows = planStep([{ type: 'slack.post', params: { text: 'hi' } }], 'inc-1', 2, policy);
    expect(rows.effects).toEqual([
      { type: 'slack.post', params: { text: 'hi' }, idempotency_key: 'inc-1:2:0', ordering_key: 'slack.post@inc-1', max_attempts: 3 },
    ]);
  });

  it('writes timeline.record actions as timeline rows, not effects', () => {
    const rows = planStep(
      [{ type: 'timeline.record', params: { kind: 'incident.acknowledged', message: 'acked', actor: 'U1' } }],
      'w1', 2, defaultEffectPolicy,
    );
    expect(rows.timeline).toEqual([{ kind: 'incident.acknowledged', message: 'acked', actor: 'U1', data: null }]);
    expect(rows.effects).toEqual([]);
  });
});
