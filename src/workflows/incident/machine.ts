// Workflows: the incident lifecycle (pure) — declaring → open (triggered → acknowledged/updated) →
// resolved → closed → finished. Alerts, responders and PagerDuty speak to it through events; it
// answers with timeline entries (data) and effects (data). The concerns it runs are in their own
// files: escalation, status reminders, the post-mortem reminder, page failures.
import { isSlackUserId } from '../../domain/slack-ids.js';
import type { WorkflowDefinition } from '../definition.js';
import type { IncidentContext } from './context.js';
import { initialContext } from './context.js';
import { escalationDelays, escalationGuards, firstLevel, pageByHand, pagerSync, triggeredState } from './escalation.js';
import { ev, viaOf, type Args } from './events.js';
import { pageFailureHandlers } from './page-failures.js';
import { dropPostmortem, postmortemGuards, postmortemHandlers, schedulePostmortem } from './postmortem.js';
import { armStatusReminder, cancelStatusReminder, reminderGuards, statusReminderHandlers } from './reminders.js';
import { canAcknowledge, isForward, isSeverityChange, postmortemPending } from './rules.js';
import { fx, incidentSetup, refresh, refreshWithTopic } from './setup.js';
import { record } from './timeline.js';
import { incidentTimelineText } from './timeline-text.js';

const s = incidentSetup.extend({
  actions: {
    noteUpdate: incidentSetup.assign({ lastUpdate: ({ event }) => ({ at: event.at ?? '', by: event.actor ?? null, text: ev(event, 'incident.note').text }) }),
    markArchived: incidentSetup.assign({ archivedAt: ({ event }) => event.at ?? null }),
  },
  guards: {
    ...escalationGuards,
    ...reminderGuards,
    ...postmortemGuards,
    autoResolves: ({ context }: Args) => context.autoResolve,
    isForward: ({ context, event }: Args) => isForward(context.status, ev(event, 'incident.status').status),
    isSeverityChange: ({ context, event }: Args) => isSeverityChange(context, ev(event, 'incident.severity').severity),
    archives: ({ context }: Args) => context.chat.archiveAfterMs !== null,
    closesByItself: ({ context }: Args) => context.chat.closeAfterMs != null,
  },
  delays: {
    ...escalationDelays,
    archiveAfter: ({ context }: Args) => context.chat.archiveAfterMs ?? 0,
    closeAfter: ({ context }: Args) => context.chat.closeAfterMs ?? 0,
  },
});

const announce = (what: 'declared' | 'severity' | 'resolved') =>
  // `from`: the severity before this transition's assign (actions run in order).
  fx('slack.announce', ({ context }) => ({ incidentId: context.id, what, from: context.severity }));

const archiveActions = [
  fx('slack.archive', ({ context }) => ({ incidentId: context.id })),
  { type: 'markArchived' as const },
  record('slack.archived', () => ({})),
];

const noteActions = [{ type: 'noteUpdate' as const }, record('incident.note', ({ event }) => ({ text: ev(event, 'incident.note').text })), ...refresh];

export const incidentMachine = s.createMachine({
  id: 'incident',
  context: ({ input }) => initialContext(input),
  // The store assigns the number in the same commit that creates the workflow and says so with
  // `incident.declared`; until then the incident already counts as open (alerts attach to it).
  initial: 'declaring',
  on: {
    'alerts.changed': { actions: refresh },
    'diagnostics.onCall': { actions: [s.assign({ onCall: ({ event }) => ev(event, 'diagnostics.onCall').onCall }), ...refresh] },
    'slack.channelOpened': {
      actions: [
        s.assign({ channel: ({ event }) => ({ id: ev(event, 'slack.channelOpened').channelId, name: ev(event, 'slack.channelOpened').name }) }),
        record('slack.channel', ({ event }) => ({ name: ev(event, 'slack.channelOpened').name })),
        fx('slack.setTopic', ({ context }) => ({ incidentId: context.id })),
        fx('slack.invite', ({ context }) => ({
          incidentId: context.id,
          users: [...new Set([context.roles.commander, context.declaredBy, ...context.responders].filter(isSlackUserId))],
        })),
        fx('slack.postSummary', ({ context }) => ({ incidentId: context.id })),
        announce('declared'),
      ],
    },
    'slack.summaryPosted': {
      actions: [
        s.assign({ summaryTs: ({ event }) => ev(event, 'slack.summaryPosted').ts }),
        fx('slack.pin', ({ context, event }) => ({ incidentId: context.id, ts: ev(event, 'slack.summaryPosted').ts })),
      ],
    },
    ...pageFailureHandlers,
    // A note is the latest word from the responders: on the timeline and as the summary's last update.
    'incident.note': { actions: noteActions },
    // The post-mortem outlives resolve, close and archive: reminded until someone settles it.
    ...postmortemHandlers,
  },
  states: {
    declaring: {
      on: {
        'incident.declared': {
          target: 'open',
          actions: [
            s.assign({
              number: ({ event }) => ev(event, 'incident.declared').number,
              declaredAt: ({ event }) => event.at ?? null,
              lastUpdate: ({ context, event }) => (context.lastUpdate ? { ...context.lastUpdate, at: event.at ?? '' } : null),
            }),
            fx('slack.openChannel', ({ context }) => ({ incidentId: context.id })),
            // Its own effect (own ordering key): never ahead of, or in the way of, the channel and paging.
            s.enqueueActions(({ context, enqueue }) => {
              if (context.diagnostics === true) enqueue({ type: 'diagnostics.declared', params: { incidentId: context.id } });
            }),
          ],
        },
      },
    },
    open: {
      initial: 'triggered',
      // Status-update nudges run while the incident is open: armed on declaration and reopen, gone on resolve.
      entry: armStatusReminder('update'),
      exit: cancelStatusReminder,
      on: {
        'incident.note': { actions: [...noteActions, armStatusReminder('update')] },
        ...statusReminderHandlers,
        ...pageByHand,
        'alerts.cleared': [
          { guard: 'autoResolves', target: 'resolved', actions: record('incident.resolved', () => ({ via: null, summary: null, automatic: true })) },
          { actions: record('alerts.cleared', () => ({})) },
        ],
        'incident.acknowledge': {
          guard: ({ context }) => canAcknowledge(context),
          target: '.acknowledged',
          actions: [
            s.assign({ acknowledgedAt: ({ event }) => event.at ?? null }),
            record('incident.acknowledged', ({ event }) => ({ via: viaOf(event) })),
            pagerSync('acknowledge'),
          ],
        },
        'incident.status': [
          {
            guard: 'isForward',
            target: '.updated',
            actions: [
              s.assign({
                status: ({ event }) => ev(event, 'incident.status').status,
                acknowledgedAt: ({ context, event }) => context.acknowledgedAt ?? event.at ?? null,
                lastUpdate: ({ context, event }) => {
                  const e = ev(event, 'incident.status');
                  return e.message ? { at: e.at ?? '', by: e.actor ?? null, text: e.message } : context.lastUpdate;
                },
              }),
              record('incident.status', ({ event }) => ({ status: ev(event, 'incident.status').status, message: ev(event, 'incident.status').message ?? null })),
              ...refreshWithTopic,
              armStatusReminder('update'),
            ],
          },
          { actions: record('incident.refused', ({ context, event }) => ({ status: ev(event, 'incident.status').status, current: context.status })) },
        ],
        'incident.severity': {
          guard: 'isSeverityChange',
          actions: [
            record('incident.severity', ({ context, event }) => ({ from: context.severity, to: ev(event, 'incident.severity').severity })),
            announce('severity'),
            s.assign({ severity: ({ event }) => ev(event, 'incident.severity').severity }),
            ...refreshWithTopic,
            // Raising to sev1 re-pages the current level (the paging state decides: only while escalating).
            s.raise({ type: 'escalation.severityRaised' }),
            // Not an update, but the nudge follows the new severity's wait (counted from the last update).
            armStatusReminder('severity'),
          ],
        },
        'incident.role': {
          actions: [
            s.assign({ roles: ({ context, event }) => ({ ...context.roles, [ev(event, 'incident.role').role]: ev(event, 'incident.role').user }) }),
            record('incident.role', ({ event }) => ({ role: ev(event, 'incident.role').role, user: ev(event, 'incident.role').user })),
            fx('slack.invite', ({ context, event }) => ({ incidentId: context.id, users: [ev(event, 'incident.role').user].filter(isSlackUserId) })),
            ...refreshWithTopic,
          ],
        },
        'incident.resolve': {
          target: 'resolved',
          actions: [
            s.assign({
              resolvedAt: ({ event }) => event.at ?? null,
              lastUpdate: ({ context, event }) => {
                const e = ev(event, 'incident.resolve');
                return e.summary ? { at: e.at ?? '', by: e.actor ?? null, text: e.summary } : context.lastUpdate;
              },
            }),
            pagerSync('resolve'),
            record('incident.resolved', ({ event }) => ({ via: viaOf(event), summary: ev(event, 'incident.resolve').summary ?? null, automatic: false })),
          ],
        },
      },
      states: {
        // Escalation runs while nobody has acknowledged: leaving `triggered` (ack, a status update,
        // resolve) cancels its timer, so nothing is paged after an acknowledgement is committed.
        triggered: triggeredState,
        acknowledged: {
          entry: [s.assign({ status: 'acknowledged' }), ...refreshWithTopic],
        },
        updated: {},
      },
    },
    resolved: {
      entry: [s.assign({ status: 'resolved' }), ...refreshWithTopic, announce('resolved'), schedulePostmortem],
      initial: 'waiting',
      states: {
        waiting: { always: { guard: 'closesByItself', target: 'closing' } },
        closing: {
          after: { closeAfter: { target: '#incident.closed', actions: record('incident.closed', () => ({ automatic: true })) } },
        },
      },
      on: {
        'incident.reopen': {
          target: 'open',
          actions: [
            s.assign({ status: 'triggered', resolvedAt: null, acknowledgedAt: null, reopens: ({ context }) => (context.reopens ?? 0) + 1 }),
            s.assign({ escalation: firstLevel }),
            dropPostmortem,
            record('incident.reopened', ({ event }) => ({ via: viaOf(event), reason: ev(event, 'incident.reopen').reason ?? null })),
            ...refreshWithTopic,
          ],
        },
        'incident.close': {
          target: 'closed',
          actions: record('incident.closed', () => ({ automatic: false })),
        },
      },
    },
    closed: {
      entry: [s.assign({ status: 'closed' }), ...refreshWithTopic],
      initial: 'waiting',
      states: {
        waiting: {
          always: [{ guard: 'archives', target: 'archiving' }, { guard: 'postmortemPending', target: 'awaitingPostmortem' }, { target: 'done' }],
        },
        archiving: {
          after: {
            archiveAfter: [
              { guard: 'postmortemPending', target: 'awaitingPostmortem', actions: archiveActions },
              { target: 'done', actions: archiveActions },
            ],
          },
        },
        // Finishing would drop the post-mortem timer: the workflow waits until the post-mortem is settled.
        awaitingPostmortem: {
          always: { guard: ({ context }) => !postmortemPending(context), target: 'done' },
        },
        done: { type: 'final' },
      },
      onDone: 'finished',
    },
    finished: { type: 'final' },
  },
});

export const incidentDefinition: WorkflowDefinition = {
  kind: 'incident',
  machine: incidentMachine,
  version: 1,
  timelineText: incidentTimelineText,
  summarize: ({ context }) => {
    const c = context as IncidentContext;
    return {
      status: c.status, severity: c.severity, title: c.title, service: c.service, number: c.number,
      commander: c.roles.commander, channel: c.channel?.id ?? null,
    };
  },
};
