// Workflows: one diagnostics run (pure) — asks each source as its own effect, renders the message
// once at the start and again as each answer lands (edited in place), and finishes when every source
// has answered and the message exists. A run that cannot finish (no channel ever) expires.
import { assign, enqueueActions, setup } from 'xstate';
import type { DiagnosticsSourceName, DiagnosticsTrigger, SourceAnswer } from '../../domain/diagnostics.js';
import { TIMELINE_ACTION, type WorkflowDefinition } from '../definition.js';
import { diagnosticsEffectActions } from './effects.js';

export interface DiagnosticsRunInput {
  runId: string;
  incidentId: string;
  trigger: DiagnosticsTrigger;
  /** Who asked (a Slack user id), or null for the declaration. */
  requestedBy: string | null;
  sources: DiagnosticsSourceName[];
  timeoutMs: number;
  /** ISO 8601. */
  startedAt: string;
  /** Give up waiting for answers or a channel after this long. */
  expireAfterMs: number;
}

export interface DiagnosticsRunContext extends DiagnosticsRunInput {
  answers: Partial<Record<DiagnosticsSourceName, SourceAnswer>>;
  message: { channel: string; ts: string } | null;
}

export type DiagnosticsRunEvent =
  | { type: 'diagnostics.answered'; source: DiagnosticsSourceName; answer: SourceAnswer; at?: string; actor?: string }
  | { type: 'diagnostics.posted'; channel: string; ts: string; at?: string; actor?: string }
  | { type: 'diagnostics.expire'; at?: string; actor?: string };

const complete = (c: DiagnosticsRunContext) => c.message !== null && c.sources.every((s) => c.answers[s] !== undefined);

const render = { type: 'diagnostics.render' as const, params: ({ context }: { context: DiagnosticsRunContext }) => ({ runId: context.runId, incidentId: context.incidentId }) };

export const diagnosticsMachine = setup({
  types: { context: {} as DiagnosticsRunContext, input: {} as DiagnosticsRunInput, events: {} as DiagnosticsRunEvent },
  actions: {
    [TIMELINE_ACTION]: (_: unknown, _params: { kind: string; data: unknown; actor: string | null; message?: string }) => {},
    ...diagnosticsEffectActions,
  },
  delays: { expireAfter: ({ context }) => context.expireAfterMs },
  guards: { complete: ({ context }) => complete(context) },
}).createMachine({
  id: 'diagnostics',
  context: ({ input }) => ({ ...input, answers: {}, message: null }),
  initial: 'running',
  states: {
    running: {
      entry: enqueueActions(({ context, enqueue }) => {
        for (const source of context.sources) {
          enqueue({
            type: 'diagnostics.query',
            params: { runId: context.runId, incidentId: context.incidentId, source, trigger: context.trigger, timeoutMs: context.timeoutMs },
          });
        }
        enqueue({ type: 'diagnostics.render', params: { runId: context.runId, incidentId: context.incidentId } });
      }),
      after: { expireAfter: 'done' },
      always: { guard: 'complete', target: 'done' },
      on: {
        'diagnostics.answered': {
          actions: [assign({ answers: ({ context, event }) => ({ ...context.answers, [event.source]: event.answer }) }), render],
        },
        'diagnostics.posted': { actions: assign({ message: ({ event }) => ({ channel: event.channel, ts: event.ts }) }) },
      },
    },
    done: { type: 'final' },
  },
});

export const diagnosticsDefinition: WorkflowDefinition = {
  kind: 'diagnostics',
  machine: diagnosticsMachine,
  version: 1,
  summarize: ({ context }) => {
    const c = context as DiagnosticsRunContext;
    return { incidentId: c.incidentId, trigger: c.trigger, answered: Object.keys(c.answers).length, sources: c.sources.length };
  },
};
