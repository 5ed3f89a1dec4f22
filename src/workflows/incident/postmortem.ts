// Workflows: the post-mortem reminder — scheduled on resolve (working days: Mon–Fri, UTC), repeated
// until the commander marks it done or dismisses it, dropped on reopen. It outlives close and
// archive: the workflow waits for it before finishing.
import { waitFrom } from '../../domain/working-days.js';
import { ev, type Args } from './events.js';
import { postmortemPending } from './rules.js';
import { fx, incidentSetup, refresh } from './setup.js';
import { record } from './timeline.js';

/** Timer id: one post-mortem reminder at a time. */
export const POSTMORTEM_TIMER = 'reminder.postmortem';

/** After resolve: counted from the resolve event's time. */
export const schedulePostmortem = incidentSetup.enqueueActions(({ context, event, enqueue }) => {
  const settings = context.reminders?.postmortem;
  if (!settings) return;
  enqueue.assign({ postmortem: { state: 'pending', reminders: 0, by: null } });
  enqueue.raise({ type: 'reminder.postmortemDue' }, { id: POSTMORTEM_TIMER, delay: waitFrom(event.at ?? '', settings.after) });
});

const repeatPostmortem = incidentSetup.enqueueActions(({ context, event, enqueue }) => {
  const every = context.reminders?.postmortem?.repeatEvery;
  if (every) enqueue.raise({ type: 'reminder.postmortemDue' }, { id: POSTMORTEM_TIMER, delay: waitFrom(event.at ?? '', every) });
});

/** A reopen: the post-mortem waits for the next resolve. */
export const dropPostmortem = incidentSetup.enqueueActions(({ context, enqueue }) => {
  if (!postmortemPending(context)) return;
  enqueue.cancel(POSTMORTEM_TIMER);
  enqueue.assign({ postmortem: null });
});

export const postmortemGuards = {
  postmortemPending: ({ context }: Args) => postmortemPending(context),
};

const s = incidentSetup.extend({ guards: postmortemGuards });

/** Handled in every state: the reminder falls due, or someone settles it. */
export const postmortemHandlers = s.createStateConfig({
  on: {
    'reminder.postmortemDue': {
      guard: 'postmortemPending',
      actions: [
        record('reminder.postmortem', ({ context }) => ({ commander: context.roles.commander })),
        fx('slack.remindPostmortem', ({ context }) => ({ incidentId: context.id, count: (context.postmortem?.reminders ?? 0) + 1 })),
        s.assign({ postmortem: ({ context }) => ({ state: 'pending' as const, by: null, reminders: (context.postmortem?.reminders ?? 0) + 1 }) }),
        repeatPostmortem,
      ],
    },
    'incident.postmortem': {
      guard: 'postmortemPending',
      actions: [
        s.assign({
          postmortem: ({ context, event }) => ({ state: ev(event, 'incident.postmortem').decision, by: event.actor ?? null, reminders: context.postmortem?.reminders ?? 0 }),
        }),
        s.cancel(POSTMORTEM_TIMER),
        record('incident.postmortem', ({ event }) => ({ decision: ev(event, 'incident.postmortem').decision })),
        ...refresh,
      ],
    },
  },
}).on;
