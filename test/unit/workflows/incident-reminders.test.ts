// Tests: status-update nudges while an incident is open, and the post-mortem reminder after resolve (pure transitions)
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import {
  incidentMachine, incidentTimelineText, POSTMORTEM_TIMER, STATUS_TIMER, type IncidentContext, type IncidentEvent, type IncidentInput, type ReminderSettings,
} from '../../../src/workflows/incident/index.js';

const MIN = 60_000;
const DAY = 86_400_000;
const REMINDERS: ReminderSettings = {
  statusUpdateMs: { sev1: 15 * MIN, sev2: 30 * MIN, sev3: null, sev4: null },
  snoozeMs: 30 * MIN,
  postmortem: { after: { workingDays: 2 }, repeatEvery: { workingDays: 1 } },
};

const input = (over: Partial<IncidentInput> = {}): IncidentInput => ({
  id: 'inc_1', title: 'Checkout down', severity: 'sev2', service: 'checkout', policy: null, declaredBy: 'U0DECLARER', commander: 'U0IC',
  autoResolve: false, chat: { channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: null, archiveAfterMs: null },
  reminders: REMINDERS,
  ...over,
});

type Action = { type: string; params?: unknown };
type Snap = AnyMachineSnapshot & { context: IncidentContext };
// Friday 2026-11-27, 10:00 UTC.
const T0 = Date.parse('2026-11-27T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function step(snapshot: Snap, event: IncidentEvent, atMs = 0) {
  const [next, actions] = transition(incidentMachine, snapshot, { at: at(atMs), ...event });
  return { snapshot: next as Snap, actions: actions as Action[] };
}
function declare(over: Partial<IncidentInput> = {}) {
  const [s] = initialTransition(incidentMachine, input(over));
  return step(s as Snap, { type: 'incident.declared', number: 7 });
}
const armed = (actions: Action[], id: string) =>
  actions.filter((a) => a.type === 'xstate.raise' && (a.params as { id?: string }).id === id).map((a) => (a.params as { delay: number }).delay);
const cancelled = (actions: Action[], id: string) => actions.some((a) => a.type === 'xstate.cancel' && (a.params as { sendId?: string }).sendId === id);
const effect = (actions: Action[], type: string) => actions.find((a) => a.type === type)?.params;
/** Timeline entries as stored: kind, actor and the line the definition words from the data. */
const timeline = (actions: Action[]) =>
  actions
    .filter((a) => a.type === 'timeline.record')
    .map((a) => {
      const { kind, data, actor } = a.params as { kind: string; data: unknown; actor: string | null };
      return { kind, message: incidentTimelineText(kind, data), actor };
    });

describe('status-update reminders', () => {
  it('arms the nudge on declaration by severity: sev1 15m, sev2 30m, none at sev3 or without settings', () => {
    expect(armed(declare({ severity: 'sev1' }).actions, STATUS_TIMER)).toEqual([15 * MIN]);
    expect(armed(declare().actions, STATUS_TIMER)).toEqual([30 * MIN]);
    expect(declare({ severity: 'sev3' }).actions.filter((a) => a.type.startsWith('xstate.'))).toEqual([]);
    expect(declare({ reminders: null }).actions.filter((a) => a.type.startsWith('xstate.'))).toEqual([]);
  });

  it('nudges the channel when the wait runs out, and re-arms for the next one', () => {
    const { snapshot } = declare();
    const r = step(snapshot, { type: 'reminder.statusDue' }, 30 * MIN);
    expect(effect(r.actions, 'slack.remindStatus')).toEqual({ incidentId: 'inc_1', waitedMs: 30 * MIN });
    expect(timeline(r.actions)).toEqual([expect.objectContaining({ kind: 'reminder.status', message: 'Reminded the channel: no status update for 30m' })]);
    expect(armed(r.actions, STATUS_TIMER)).toEqual([30 * MIN]);
    expect(r.snapshot.context.statusWaitFrom).toBe(at(30 * MIN));
  });

  it('says how long the channel has really been quiet, across nudges and a snooze', () => {
    let { snapshot } = declare();
    snapshot = step(snapshot, { type: 'reminder.statusDue' }, 30 * MIN).snapshot;
    snapshot = step(snapshot, { type: 'reminder.snooze' }, 31 * MIN).snapshot;
    const r = step(snapshot, { type: 'reminder.statusDue' }, 61 * MIN);
    expect(effect(r.actions, 'slack.remindStatus')).toEqual({ incidentId: 'inc_1', waitedMs: 61 * MIN });
    expect(timeline(r.actions)[0]?.message).toBe('Reminded the channel: no status update for 61m');
    // An update starts the count again.
    snapshot = step(r.snapshot, { type: 'incident.note', text: 'found it' }, 70 * MIN).snapshot;
    expect(effect(step(snapshot, { type: 'reminder.statusDue' }, 100 * MIN).actions, 'slack.remindStatus')).toEqual({ incidentId: 'inc_1', waitedMs: 30 * MIN });
  });

  it('re-arms the full wait after a status update or a note, not after a refused status or an acknowledgement', () => {
    const { snapshot } = declare();
    const status = step(snapshot, { type: 'incident.status', status: 'identified', message: 'bad deploy' }, 10 * MIN);
    expect(armed(status.actions, STATUS_TIMER)).toEqual([30 * MIN]);
    expect(status.snapshot.context.statusWaitFrom).toBe(at(10 * MIN));
    expect(armed(step(snapshot, { type: 'incident.note', text: 'rolling back' }, 5 * MIN).actions, STATUS_TIMER)).toEqual([30 * MIN]);
    expect(armed(step(status.snapshot, { type: 'incident.status', status: 'investigating' }).actions, STATUS_TIMER)).toEqual([]);
    expect(armed(step(snapshot, { type: 'incident.acknowledge' }).actions, STATUS_TIMER)).toEqual([]);
  });

  it('snoozes for the configured 30m', () => {
    const { snapshot } = declare({ severity: 'sev1' });
    const r = step(snapshot, { type: 'reminder.snooze', actor: 'U0IC' }, 15 * MIN);
    expect(armed(r.actions, STATUS_TIMER)).toEqual([30 * MIN]);
    expect(timeline(r.actions)).toEqual([{ kind: 'reminder.snoozed', message: 'Status-update reminders snoozed for 30m', actor: 'U0IC' }]);
    // Nothing to snooze at a severity without nudges.
    expect(step(declare({ severity: 'sev3' }).snapshot, { type: 'reminder.snooze' }).actions).toEqual([]);
  });

  it('follows a severity change: the new wait counted from the last update, off cancels it, back on re-arms', () => {
    const { snapshot } = declare();
    // sev2 → sev1 ten minutes in: 15m since declaration leaves 5m.
    const raised = step(snapshot, { type: 'incident.severity', severity: 'sev1' }, 10 * MIN);
    expect(armed(raised.actions, STATUS_TIMER)).toEqual([5 * MIN]);
    // Already overdue at the new severity: nudge at once.
    expect(armed(step(snapshot, { type: 'incident.severity', severity: 'sev1' }, 20 * MIN).actions, STATUS_TIMER)).toEqual([0]);
    const lowered = step(snapshot, { type: 'incident.severity', severity: 'sev3' }, 10 * MIN);
    expect(cancelled(lowered.actions, STATUS_TIMER)).toBe(true);
    expect(armed(lowered.actions, STATUS_TIMER)).toEqual([]);
    // A nudge that was already due when the severity went to off is ignored.
    expect(step(lowered.snapshot, { type: 'reminder.statusDue' }).actions).toEqual([]);
    expect(armed(step(lowered.snapshot, { type: 'incident.severity', severity: 'sev2' }, 12 * MIN).actions, STATUS_TIMER)).toEqual([18 * MIN]);
  });

  it('stops on resolve and starts again on reopen', () => {
    const { snapshot } = declare();
    const resolved = step(snapshot, { type: 'incident.resolve' }, 5 * MIN);
    expect(cancelled(resolved.actions, STATUS_TIMER)).toBe(true);
    expect(armed(resolved.actions, STATUS_TIMER)).toEqual([]);
    expect(step(resolved.snapshot, { type: 'reminder.statusDue' }).actions).toEqual([]);
    expect(step(resolved.snapshot, { type: 'reminder.snooze' }).actions).toEqual([]);
    // A note on a resolved incident is history, not a status update.
    expect(armed(step(resolved.snapshot, { type: 'incident.note', text: 'follow-up' }).actions, STATUS_TIMER)).toEqual([]);
    const reopened = step(resolved.snapshot, { type: 'incident.reopen' }, 60 * MIN);
    expect(armed(reopened.actions, STATUS_TIMER)).toEqual([30 * MIN]);
  });
});

describe('the post-mortem reminder', () => {
  const resolvedOnFriday = () => step(declare().snapshot, { type: 'incident.resolve', summary: 'rolled back' });

  it('falls due two working days after the resolve: Friday 10:00 → Tuesday 10:00', () => {
    const r = resolvedOnFriday();
    expect(armed(r.actions, POSTMORTEM_TIMER)).toEqual([4 * DAY]);
    expect(r.snapshot.context.postmortem).toEqual({ state: 'pending', reminders: 0, by: null });
  });

  it('reminds the commander, then again every working day, until marked done', () => {
    let { snapshot } = resolvedOnFriday();
    // Tuesday 10:00 → Wednesday 10:00.
    let r = step(snapshot, { type: 'reminder.postmortemDue' }, 4 * DAY);
    expect(effect(r.actions, 'slack.remindPostmortem')).toEqual({ incidentId: 'inc_1', count: 1 });
    expect(timeline(r.actions)).toEqual([expect.objectContaining({ kind: 'reminder.postmortem', message: 'Post-mortem reminder sent to <@U0IC>' })]);
    expect(armed(r.actions, POSTMORTEM_TIMER)).toEqual([DAY]);
    snapshot = r.snapshot;
    // Friday's reminder → the next one on Monday.
    r = step(snapshot, { type: 'reminder.postmortemDue' }, 7 * DAY);
    expect(effect(r.actions, 'slack.remindPostmortem')).toEqual({ incidentId: 'inc_1', count: 2 });
    expect(armed(r.actions, POSTMORTEM_TIMER)).toEqual([3 * DAY]);
    r = step(r.snapshot, { type: 'incident.postmortem', decision: 'done', actor: 'U0IC' }, 8 * DAY);
    expect(cancelled(r.actions, POSTMORTEM_TIMER)).toBe(true);
    expect(r.snapshot.context.postmortem).toEqual({ state: 'done', reminders: 2, by: 'U0IC' });
    expect(timeline(r.actions).map((t) => t.message)).toEqual(['Post-mortem marked done']);
    // Settled: a late timer or a second click changes nothing.
    expect(step(r.snapshot, { type: 'reminder.postmortemDue' }).actions).toEqual([]);
    expect(step(r.snapshot, { type: 'incident.postmortem', decision: 'dismissed' }).actions).toEqual([]);
  });

  it('reminds once when repeat_every is off, and can be dismissed', () => {
    const { snapshot } = step(declare({ reminders: { ...REMINDERS, postmortem: { after: { ms: 5_000 }, repeatEvery: null } } }).snapshot, { type: 'incident.resolve' });
    const r = step(snapshot, { type: 'reminder.postmortemDue' }, 5_000);
    expect(effect(r.actions, 'slack.remindPostmortem')).toBeDefined();
    expect(armed(r.actions, POSTMORTEM_TIMER)).toEqual([]);
    expect(step(r.snapshot, { type: 'incident.postmortem', decision: 'dismissed' }).snapshot.context.postmortem?.state).toBe('dismissed');
  });

  it('is not kept while the incident is open, and reopen cancels a pending one', () => {
    expect(step(declare().snapshot, { type: 'incident.postmortem', decision: 'done' }).actions).toEqual([]);
    const reopened = step(resolvedOnFriday().snapshot, { type: 'incident.reopen' }, 3 * DAY);
    expect(cancelled(reopened.actions, POSTMORTEM_TIMER)).toBe(true);
    expect(reopened.snapshot.context.postmortem).toBeNull();
    // Resolving again (Monday 11:00) starts a fresh wait from the new resolve: Wednesday 11:00.
    expect(armed(step(reopened.snapshot, { type: 'incident.resolve' }, 3 * DAY + 60 * MIN).actions, POSTMORTEM_TIMER)).toEqual([2 * DAY]);
  });

  it('outlives close: the workflow waits for the post-mortem instead of finishing (which would drop the timer)', () => {
    const closed = step(resolvedOnFriday().snapshot, { type: 'incident.close' }, MIN);
    expect(closed.snapshot.status).toBe('active');
    expect(closed.snapshot.value).toEqual({ closed: 'awaitingPostmortem' });
    expect(cancelled(closed.actions, POSTMORTEM_TIMER)).toBe(false);
    const reminded = step(closed.snapshot, { type: 'reminder.postmortemDue' }, 4 * DAY);
    expect(effect(reminded.actions, 'slack.remindPostmortem')).toBeDefined();
    const done = step(reminded.snapshot, { type: 'incident.postmortem', decision: 'done' }, 4 * DAY + MIN);
    expect(done.snapshot.status).toBe('done');
  });

  it('outlives archive too, remembering that the channel is archived', () => {
    const chat = { channelPattern: 'inc-{number}', privateChannel: false, announceChannel: 'C0ANNOUNCE', archiveAfterMs: 3_600_000 };
    const resolved = step(declare({ chat }).snapshot, { type: 'incident.resolve' });
    const closed = step(resolved.snapshot, { type: 'incident.close' }, MIN);
    const timer = closed.actions.find((a) => a.type === 'xstate.raise')!.params as { event: { type: string } };
    const archived = step(closed.snapshot, { type: timer.event.type } as IncidentEvent, 61 * MIN);
    expect(effect(archived.actions, 'slack.archive')).toBeDefined();
    expect(archived.snapshot.value).toEqual({ closed: 'awaitingPostmortem' });
    expect(archived.snapshot.context.archivedAt).toBe(at(61 * MIN));
    expect(step(archived.snapshot, { type: 'incident.postmortem', decision: 'dismissed' }).snapshot.status).toBe('done');
  });

  it('finishes at close as before when the post-mortem reminder is off', () => {
    const off = { ...REMINDERS, postmortem: null };
    const resolved = step(declare({ reminders: off }).snapshot, { type: 'incident.resolve' });
    expect(armed(resolved.actions, POSTMORTEM_TIMER)).toEqual([]);
    expect(step(resolved.snapshot, { type: 'incident.close' }).snapshot.status).toBe('done');
  });
});
