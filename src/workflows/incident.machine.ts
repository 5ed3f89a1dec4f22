// Workflows: the incident lifecycle (pure). Alerts, responders and PagerDuty speak to it through
// events; it answers with timeline entries and effects. The Slack and escalation issues grow it.
import { assign, setup } from 'xstate';
import type { Severity } from '../domain/alert.js';
import type { WorkflowDefinition } from './definition.js';

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved' | 'closed';

export interface IncidentInput {
  id: string;
  title: string;
  severity: Severity;
  service: string | null;
  policy: string | null;
  declaredBy: string;
  /** Resolve by itself when every alert has recovered (a routing decision). */
  autoResolve: boolean;
}

export interface IncidentContext extends IncidentInput {
  number: number | null;
  alerts: { firing: number; resolved: number };
}

/** Who did it: a Slack user id, `pagerduty:<name>`, `alert:<source>`, `firebreak`. */
type Actor = { actor?: string };

export type IncidentEvent =
  | ({ type: 'incident.declared'; number: number } & Actor)
  | ({ type: 'alert.attached'; alertId: number; source: string; title: string; severity: Severity } & Actor)
  | ({ type: 'alert.refired'; alertId: number; source: string; title: string } & Actor)
  | ({ type: 'alert.resolved'; alertId: number; source: string; title: string } & Actor)
  | ({ type: 'alerts.cleared' } & Actor)
  | ({ type: 'incident.acknowledge'; via?: string } & Actor)
  | ({ type: 'incident.resolve'; summary?: string; via?: string } & Actor)
  | ({ type: 'incident.reopen'; reason?: string; via?: string } & Actor)
  | ({ type: 'incident.close' } & Actor);

const record = (kind: string, message: (args: { context: IncidentContext; event: IncidentEvent }) => string) => ({
  type: 'timeline.record' as const,
  params: ({ context, event }: { context: IncidentContext; event: IncidentEvent }) => ({
    kind,
    message: message({ context, event }),
    actor: event.actor ?? null,
  }),
});

const via = (event: IncidentEvent) => ('via' in event && event.via ? ` (via ${event.via})` : '');

export const incidentMachine = setup({
  types: {
    context: {} as IncidentContext,
    input: {} as IncidentInput,
    events: {} as IncidentEvent,
  },
  actions: {
    'timeline.record': (_, _params: { kind: string; message: string; actor: string | null }) => {},
  },
  guards: {
    autoResolves: ({ context }) => context.autoResolve,
  },
}).createMachine({
  id: 'incident',
  context: ({ input }) => ({ ...input, number: null, alerts: { firing: 0, resolved: 0 } }),
  // The store assigns the incident number in the same commit that creates the workflow, and says
  // so with `incident.declared`; until then the incident is already open (alerts attach to it).
  initial: 'declaring',
  on: {
    'alert.attached': {
      actions: [
        assign({ alerts: ({ context }) => ({ ...context.alerts, firing: context.alerts.firing + 1 }) }),
        record('alert.attached', ({ event }) => `${(event as { source: string }).source} alert attached: ${(event as { title: string }).title}`),
      ],
    },
    'alert.refired': {
      actions: [
        assign({ alerts: ({ context }) => ({ firing: context.alerts.firing + 1, resolved: Math.max(0, context.alerts.resolved - 1) }) }),
        record('alert.refired', ({ event }) => `${(event as { source: string }).source} alert firing again: ${(event as { title: string }).title}`),
      ],
    },
    'alert.resolved': {
      actions: [
        assign({ alerts: ({ context }) => ({ firing: Math.max(0, context.alerts.firing - 1), resolved: context.alerts.resolved + 1 }) }),
        record('alert.resolved', ({ event }) => `${(event as { source: string }).source} alert recovered: ${(event as { title: string }).title}`),
      ],
    },
  },
  states: {
    declaring: {
      on: {
        'incident.declared': {
          target: 'open',
          actions: [
            assign({ number: ({ event }) => event.number }),
            record('incident.declared', ({ context, event }) =>
              `Incident #${(event as { number: number }).number} declared: ${context.title} (${context.severity})`),
          ],
        },
      },
    },
    open: {
      initial: 'triggered',
      on: {
        'alerts.cleared': [
          { guard: 'autoResolves', target: 'resolved', actions: record('incident.resolved', () => 'Resolved automatically: every alert recovered') },
          { actions: record('alerts.cleared', () => 'Every alert has recovered; the incident stays open until someone resolves it') },
        ],
        'incident.resolve': {
          target: 'resolved',
          actions: record('incident.resolved', ({ event }) => `Resolved${via(event)}${'summary' in event && event.summary ? `: ${event.summary}` : ''}`),
        },
      },
      states: {
        triggered: {
          on: {
            'incident.acknowledge': {
              target: 'acknowledged',
              actions: record('incident.acknowledged', ({ event }) => `Acknowledged${via(event)}`),
            },
          },
        },
        acknowledged: {},
      },
    },
    resolved: {
      on: {
        'incident.reopen': {
          target: 'open',
          actions: record('incident.reopened', ({ event }) => `Reopened${via(event)}${'reason' in event && event.reason ? `: ${event.reason}` : ''}`),
        },
        'incident.close': { target: 'closed', actions: record('incident.closed', () => 'Closed') },
      },
    },
    closed: { type: 'final' },
  },
});

/** The status responders see, from the machine's state. */
export function incidentStatus(value: unknown): IncidentStatus {
  if (value === 'resolved' || value === 'closed') return value;
  if (value && typeof value === 'object' && 'open' in value) return (value as { open: IncidentStatus }).open;
  return 'triggered';
}

export const incidentDefinition: WorkflowDefinition = {
  kind: 'incident',
  machine: incidentMachine,
  version: 1,
  summarize: ({ value, context }) => {
    const c = context as IncidentContext;
    return { status: incidentStatus(value), severity: c.severity, title: c.title, service: c.service, number: c.number };
  },
};
