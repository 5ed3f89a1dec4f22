// Workflows: status-update reminders — while the incident is open, nudge a quiet channel after the
// severity's wait (armed on declaration, reopen and every update; re-armed after a nudge; snoozable;
// a severity change keeps the wait already served). Every wait is a durable timer row.
import type { Args } from './events.js';
import { statusWait } from './rules.js';
import { fx, incidentSetup } from './setup.js';
import { record } from './timeline.js';

/** Timer id: a later raise with the same id replaces the timer, so re-arming never stacks nudges. */
export const STATUS_TIMER = 'reminder.status';

/** After an update (or declaration, reopen), after a nudge, or after a severity change. */
type ArmAfter = 'update' | 'nudge' | 'severity';

/**
 * (Re)arms the nudge: the full wait from this event (an update, a nudge), or — when the severity
 * changed — what is left of the new severity's wait since the wait started (off at the new severity
 * cancels it). Without reminder settings nothing is emitted at all.
 */
export const armStatusReminder = (after: ArmAfter) =>
  incidentSetup.enqueueActions(({ context, event, enqueue }) => {
    if (!context.reminders) return;
    const at = event.at ?? null;
    if (after === 'update') enqueue.assign({ statusUpdatedAt: at });
    const wait = statusWait(context);
    if (wait === null) {
      // Only a severity change can leave a nudge armed at a severity without nudges.
      if (after === 'severity') enqueue.cancel(STATUS_TIMER);
      return;
    }
    const base = after === 'severity' ? Date.parse(context.statusWaitFrom ?? '') : NaN;
    const now = Date.parse(at ?? '');
    const delay = Number.isNaN(base) || Number.isNaN(now) ? wait : Math.max(0, base + wait - now);
    if (after !== 'severity') enqueue.assign({ statusWaitFrom: at });
    enqueue.raise({ type: 'reminder.statusDue' }, { id: STATUS_TIMER, delay });
  });

export const cancelStatusReminder = incidentSetup.enqueueActions(({ context, enqueue }) => {
  if (context.reminders) enqueue.cancel(STATUS_TIMER);
});

export const reminderGuards = {
  remindsStatus: ({ context }: Args) => statusWait(context) !== null,
};


/** How long the channel has been without an update, for the nudge. */
const silentFor = ({ context, event }: Args) => {
  const since = Date.parse(context.statusUpdatedAt ?? context.statusWaitFrom ?? '');
  const now = Date.parse(event.at ?? '');
  return Number.isNaN(since) || Number.isNaN(now) ? (statusWait(context) ?? 0) : Math.max(0, now - since);
};

const s = incidentSetup.extend({ guards: reminderGuards });

/** Handled while the incident is open. */
export const statusReminderHandlers = s.createStateConfig({
  on: {
    'reminder.statusDue': {
      guard: 'remindsStatus',
      actions: [
        record('reminder.status', (args) => ({ silentForMs: silentFor(args) })),
        fx('slack.remindStatus', (args) => ({ incidentId: args.context.id, waitedMs: silentFor(args) })),
        armStatusReminder('nudge'),
      ],
    },
    'reminder.snooze': {
      guard: 'remindsStatus',
      actions: [
        record('reminder.snoozed', ({ context }) => ({ forMs: context.reminders?.snoozeMs ?? 0 })),
        s.assign({ statusWaitFrom: ({ event }) => event.at ?? null }),
        s.raise({ type: 'reminder.statusDue' }, { id: STATUS_TIMER, delay: ({ context }) => context.reminders?.snoozeMs ?? 0 }),
      ],
    },
  },
}).on;
