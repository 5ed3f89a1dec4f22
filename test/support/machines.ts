// Test support: small machines of the runner's own, exercising timers, effects and the timeline.
import { assign, setup } from 'xstate';
import type { WorkflowDefinition } from '../../src/workflows/definition.js';

/** Counts `bump` events; each bump records its tag on the timeline (lost updates show up as gaps). */
export const counterMachine = setup({
  types: {
    context: {} as { count: number; seen: string[] },
    events: {} as { type: 'bump'; tag: string } | { type: 'finish' },
  },
  actions: {
    'timeline.record': (_, _params: { kind: string; message: string }) => {},
  },
}).createMachine({
  id: 'counter',
  context: { count: 0, seen: [] },
  initial: 'counting',
  states: {
    counting: {
      on: {
        bump: {
          actions: [
            assign({
              count: ({ context }) => context.count + 1,
              seen: ({ context, event }) => [...context.seen, event.tag],
            }),
            { type: 'timeline.record', params: ({ event }) => ({ kind: 'bumped', message: event.tag }) },
          ],
        },
        finish: 'finished',
      },
    },
    finished: { type: 'final' },
  },
});

/**
 * Waits `delayMs` (from input) then fires: records `timer.fired` on the timeline and emits one
 * `test.effect` effect. `reset` re-enters waiting (re-arming the same raise id), `cancel` leaves it.
 */
export const timerMachine = setup({
  types: {
    context: {} as { delayMs: number; fired: number },
    input: {} as { delayMs: number },
    events: {} as { type: 'reset' } | { type: 'cancel' } | { type: 'effect.done'; note: string },
  },
  delays: { wait: ({ context }) => context.delayMs },
  actions: {
    'timeline.record': (_, _params: { kind: string; message: string }) => {},
    'test.effect': (_, _params: { note: string; orderingKey?: string }) => {},
  },
}).createMachine({
  id: 'timer',
  context: ({ input }) => ({ delayMs: input.delayMs, fired: 0 }),
  initial: 'waiting',
  states: {
    waiting: {
      after: {
        wait: {
          target: 'fired',
          actions: [
            assign({ fired: ({ context }) => context.fired + 1 }),
            { type: 'timeline.record', params: { kind: 'timer.fired', message: 'the timer fired' } },
            { type: 'test.effect', params: { note: 'fired' } },
          ],
        },
      },
      on: { reset: { target: 'waiting', reenter: true }, cancel: 'cancelled' },
    },
    fired: {
      on: {
        'effect.done': {
          target: 'acknowledged',
          actions: { type: 'timeline.record', params: ({ event }) => ({ kind: 'effect.done', message: event.note }) },
        },
      },
    },
    acknowledged: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

/** Emits 20 effects on one ordering key when poked: they must run in this order. */
export const orderedMachine = setup({
  types: { input: {} as { key: string }, context: {} as { key: string }, events: {} as { type: 'poke' } },
  actions: { 'test.ordered': (_, _params: { seq: number; orderingKey: string }) => {} },
}).createMachine({
  id: 'ordered',
  context: ({ input }) => input,
  initial: 'idle',
  states: {
    idle: {
      on: { poke: 'poked' },
    },
    poked: {
      entry: Array.from({ length: 20 }, (_, seq) => ({
        type: 'test.ordered' as const,
        params: ({ context }: { context: { key: string } }) => ({ seq, orderingKey: context.key }),
      })),
    },
  },
});

export const counterDefinition: WorkflowDefinition = { kind: 'counter', machine: counterMachine, version: 1 };
export const timerDefinition: WorkflowDefinition = { kind: 'timer', machine: timerMachine, version: 1 };
export const orderedDefinition: WorkflowDefinition = { kind: 'ordered', machine: orderedMachine, version: 1 };
export const testDefinitions = [counterDefinition, timerDefinition, orderedDefinition];
