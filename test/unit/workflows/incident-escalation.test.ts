import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import {
  incidentMachine, incidentTimelineText, POSTMORTEM_TIMER, STATUS_TIMER, type IncidentContext, type IncidentEvent, type IncidentInput,
} from '../../../src/workflows/incident/index.js';

const POLICY = {
  name: 'sre',
  levels: [
    { targets: ['U0PRIMARY', 'pagerduty'], timeoutMs: 5 * 60_000 },
    { targets: ['U0SECONDARY'], timeoutMs: 10 * 60_000 },
    { targets: ['S0LEADS'], timeoutMs: 15 * 60_000 },
  ],
  repeat: 1,
};

const input = (over: Partial<IncidentInput> = {}): IncidentInput => ({
  id: 'inc_1', title: 'Checkout down', severity: 'sev2', service: 'checkout', policy: 'sre', declaredBy: 'alert:datadog', autoResolve: false,
  chat: { channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: null, archiveAfterMs: null },
  escalation: POLICY,
  ...over,
});

type Action = { type: string; params?: unknown };
/** The timeline line a `timeline.record` action is stored with. */
const text = (params: unknown) => {
  const { kind, data } = params as { kind: string; data: unknown };
  return incidentTimelineText(kind, data);
};
type Snap = AnyMachineSnapshot & { context: IncidentContext };
const TIMEOUT = 'xstate.after.levelTimeout.incident.open.triggered.paging';

function start(over: Partial<IncidentInput> = {}) {
  const [s] = initialTransition(incidentMachine, input(over));
  return step(s as Snap, { type: 'incident.declared', number: 7 });
}
function step(snapshot: Snap, event: IncidentEvent | { type: string }): { snapshot: Snap; actions: Action[] } {
  const [next, actions] = transition(incidentMachine, snapshot, { at: '2026-11-27T03:00:00.000Z', ...event } as IncidentEvent);
  return { snapshot: next as Snap, actions: actions as Action[] };
}
const pages = (actions: Action[]) =>
  actions.filter((a) => a.type === 'page.targets').map((a) => a.params as { level: number | null; round: number; targets: string[]; reason: string });
const timerDelay = (actions: Action[]) => (actions.find((a) => a.type === 'xstate.raise')?.params as { delay?: number } | undefined)?.delay;

describe('escalation', () => {
  it('pages level 1 on declaration and waits its timeout', () => {
    const { actions } = start();
    expect(pages(actions)).toEqual([{ incidentId: 'inc_1', level: 0, round: 0, targets: ['U0PRIMARY', 'pagerduty'], reason: 'escalation' }]);
    expect(timerDelay(actions)).toBe(5 * 60_000);
  });

  it('moves to the next level when nobody acknowledges, then repeats, then is exhausted — loudly', () => {
    let { snapshot } = start();
    const seen: Array<[number | null, number]> = [];
    for (let i = 0; i < 6; i++) {
      const r = step(snapshot, { type: TIMEOUT });
      snapshot = r.snapshot;
      seen.push(...pages(r.actions).map((p) => [p.level, p.round] as [number | null, number]));
      if (i === 5) {
        expect(r.actions.map((a) => a.type)).toEqual(expect.arrayContaining(['slack.notice', 'slack.announce']));
      }
    }
    expect(seen).toEqual([[1, 0], [2, 0], [0, 1], [1, 1], [2, 1]]);
    expect(snapshot.value).toEqual({ open: { triggered: 'exhausted' } });
    expect(snapshot.context.escalation.exhausted).toBe(true);
    // Reopen starts over: no longer exhausted.
    snapshot = step(step(snapshot, { type: 'incident.resolve' }).snapshot, { type: 'incident.reopen' }).snapshot;
    expect(snapshot.context.escalation).toMatchObject({ level: 0, round: 0, exhausted: false });
  });

  it('remembers when the current level was paged, for the summary', () => {
    const { snapshot } = start();
    expect(snapshot.context.escalation.since).toBe('2026-11-27T03:00:00.000Z');
    const [next] = transition(incidentMachine, snapshot, { type: TIMEOUT, at: '2026-11-27T03:05:00.000Z' } as never);
    expect((next as Snap).context.escalation).toMatchObject({ level: 1, since: '2026-11-27T03:05:00.000Z', exhausted: false });
  });

  it('stops on acknowledgement: the level timer is cancelled and nothing more is paged', () => {
    const { snapshot } = start();
    const acked = step(snapshot, { type: 'incident.acknowledge' });
    expect(acked.actions.map((a) => a.type)).toContain('xstate.cancel');
    expect(pages(step(acked.snapshot, { type: TIMEOUT }).actions)).toEqual([]);
  });

  it('jumps to the next level now on /incident escalate', () => {
    const { snapshot } = start();
    const r = step(snapshot, { type: 'incident.escalate', reason: 'need the DBA' });
    expect(pages(r.actions)).toEqual([expect.objectContaining({ level: 1, round: 0 })]);
    expect(timerDelay(r.actions)).toBe(10 * 60_000);
    // The summary shows the new level.
    expect(r.actions.map((a) => a.type)).toContain('slack.refreshSummary');
  });

  it('re-pages the current level when severity is raised to sev1, not for other changes', () => {
    const { snapshot } = start();
    const raised = step(snapshot, { type: 'incident.severity', severity: 'sev1' }).actions;
    expect(pages(raised)).toEqual([expect.objectContaining({ level: 0, reason: 'severity raised to sev1' })]);
    expect(raised.filter((a) => a.type === 'timeline.record').map((a) => text(a.params)))
      .toContain('Paged level 1 of sre again: severity raised to sev1');
    expect(pages(step(snapshot, { type: 'incident.severity', severity: 'sev3' }).actions)).toEqual([]);
  });

  it('adds responders with /incident page without changing the level', () => {
    const { snapshot } = start();
    const r = step(snapshot, { type: 'incident.page', targets: ['U0EXTRA'] });
    expect(pages(r.actions)).toEqual([{ incidentId: 'inc_1', level: null, round: 0, targets: ['U0EXTRA'], reason: 'paged by hand' }]);
    expect(r.snapshot.context.escalation.level).toBe(0);
    // Remembered once each, so PagerDuty sync reaches integrations paged by hand too.
    const again = step(r.snapshot, { type: 'incident.page', targets: ['U0EXTRA', 'pagerduty'] });
    expect(again.snapshot.context.pagedByHand).toEqual(['U0EXTRA', 'pagerduty']);
  });

  it('restarts from level 1 on reopen', () => {
    let { snapshot } = start();
    snapshot = step(snapshot, { type: TIMEOUT }).snapshot;
    snapshot = step(snapshot, { type: 'incident.resolve' }).snapshot;
    const r = step(snapshot, { type: 'incident.reopen' });
    expect(pages(r.actions)).toEqual([expect.objectContaining({ level: 0, round: 0 })]);
  });

  it('does not escalate without a policy', () => {
    const { actions, snapshot } = start({ escalation: null });
    expect(pages(actions)).toEqual([]);
    expect(snapshot.value).toEqual({ open: { triggered: 'unescalated' } });
  });
});

describe('escalation invariants over every reachable state (exhaustive walk)', () => {
  const ARCHIVE = 'xstate.after.archiveAfter.incident.closed.archiving';
  // Reminders on and the channel archived after close: every state, the post-mortem's wait included.
  const walkInput: Partial<IncidentInput> = {
    chat: { ...input().chat, archiveAfterMs: 3_600_000 },
    reminders: {
      statusUpdateMs: { sev1: 15 * 60_000, sev2: 30 * 60_000, sev3: null, sev4: null },
      snoozeMs: 30 * 60_000,
      postmortem: { after: { workingDays: 2 }, repeatEvery: { workingDays: 1 } },
    },
  };
  const TIMED = new Set([TIMEOUT, ARCHIVE, 'reminder.statusDue', 'reminder.postmortemDue']);
  const TIMER_OF: Record<string, string> = { [TIMEOUT]: TIMEOUT, [ARCHIVE]: ARCHIVE, 'reminder.statusDue': STATUS_TIMER, 'reminder.postmortemDue': POSTMORTEM_TIMER };
  const ALPHABET: Array<IncidentEvent | { type: string }> = [
    { type: TIMEOUT },
    { type: ARCHIVE },
    { type: 'reminder.statusDue' },
    { type: 'reminder.snooze' },
    { type: 'reminder.postmortemDue' },
    { type: 'incident.postmortem', decision: 'done' },
    { type: 'incident.postmortem', decision: 'dismissed' },
    { type: 'incident.severity', severity: 'sev3' },
    { type: 'incident.note', text: 'still digging' },
    { type: 'incident.acknowledge' },
    { type: 'incident.escalate' },
    { type: 'incident.severity', severity: 'sev1' },
    { type: 'incident.severity', severity: 'sev2' },
    { type: 'incident.status', status: 'identified' },
    { type: 'incident.resolve' },
    { type: 'incident.reopen' },
    { type: 'incident.close' },
    { type: 'incident.page', targets: ['U0EXTRA'] },
    { type: 'alerts.cleared' },
  ];
  const key = (s: Snap, timers: Set<string>) =>
    JSON.stringify([s.value, s.context.status, s.context.severity, s.context.escalation.level, s.context.escalation.round, s.context.postmortem?.state ?? null, s.status, [...timers].sort()]);

  it('holds for every transition: no page after acknowledge or resolve, no skipped level except by hand, repeat bound, resolve leaves no timer', () => {
    const first = start(walkInput);
    const queue: Array<{ snapshot: Snap; timers: Set<string> }> = [];
    const seen = new Set<string>();
    const timersAfter = (before: Set<string>, actions: Action[]) => {
      const t = new Set(before);
      for (const a of actions) {
        const p = a.params as { id?: string; delay?: number; sendId?: string };
        if (a.type === 'xstate.raise' && typeof p.delay === 'number') t.add(p.id!);
        if (a.type === 'xstate.cancel') t.delete(p.sendId!);
      }
      return t;
    };
    queue.push({ snapshot: first.snapshot, timers: timersAfter(new Set(), first.actions) });
    seen.add(key(first.snapshot, queue[0]!.timers));
    let transitions = 0;
    while (queue.length > 0) {
      const { snapshot, timers } = queue.shift()!;
      for (const event of ALPHABET) {
        // A timer event only arrives while its timer is armed; a finished workflow takes no events.
        if (TIMED.has(event.type) && !timers.has(TIMER_OF[event.type]!)) continue;
        if (snapshot.status === 'done') continue;
        const before = snapshot.context;
        const { snapshot: next, actions } = step(snapshot, event);
        transitions++;
        const paged = pages(actions);
        const wasEscalating = before.status === 'triggered';
        // 1. Nothing is paged once acknowledged or resolved — except pages asked for by hand.
        if (!wasEscalating || next.context.status !== 'triggered') {
          expect(paged.filter((p) => p.reason !== 'paged by hand' && !(event.type === 'incident.reopen'))).toEqual([]);
        }
        // 2. Levels move one at a time (or back to the first on a new round), unless escalated by hand.
        for (const p of paged.filter((x) => x.level !== null && x.reason === 'escalation')) {
          const from = before.escalation;
          const ok =
            (p.level === from.level + 1 && p.round === from.round) ||
            (p.level === 0 && p.round === from.round + 1) ||
            (p.level === 0 && p.round === 0) || // first page, on declaration or reopen
            event.type === 'incident.escalate';
          expect(ok, `${JSON.stringify(from)} → ${JSON.stringify(p)} on ${event.type}`).toBe(true);
        }
        // 3. The repeat bound.
        expect(next.context.escalation.round).toBeLessThanOrEqual(POLICY.repeat);
        const nextTimers = timersAfter(timers, actions);
        // 4. A resolved or closed incident has no escalation timer left.
        const over = next.context.status === 'resolved' || next.context.status === 'closed';
        if (over) expect(nextTimers.has(TIMEOUT)).toBe(false);
        // 5. Status-update nudges only while open: no reminder timer after resolve, no nudge either.
        if (over) expect(nextTimers.has(STATUS_TIMER), `status timer after ${event.type}`).toBe(false);
        if (before.status === 'resolved' || before.status === 'closed') expect(actions.map((a) => a.type)).not.toContain('slack.remindStatus');
        // 6. The post-mortem reminder: only after resolve, armed while pending, and it keeps the workflow alive.
        if (!over) expect(nextTimers.has(POSTMORTEM_TIMER)).toBe(false);
        if (next.context.postmortem?.state === 'pending') {
          expect(nextTimers.has(POSTMORTEM_TIMER), `post-mortem timer after ${event.type}`).toBe(true);
          expect(next.status).toBe('active');
        } else {
          expect(nextTimers.has(POSTMORTEM_TIMER)).toBe(false);
        }
        const k = key(next, nextTimers);
        if (!seen.has(k)) {
          seen.add(k);
          queue.push({ snapshot: next, timers: nextTimers });
        }
      }
    }
    // Every status and every escalation level was reached.
    const statuses = new Set([...seen].map((k) => JSON.parse(k)[1] as string));
    expect([...statuses].sort()).toEqual(['acknowledged', 'closed', 'identified', 'resolved', 'triggered']);
    const values = new Set([...seen].map((k) => JSON.stringify(JSON.parse(k)[0])));
    for (const v of [{ closed: 'archiving' }, { closed: 'awaitingPostmortem' }, { open: { triggered: 'exhausted' } }, { open: 'updated' }]) {
      expect(values, JSON.stringify(v)).toContain(JSON.stringify(v));
    }
    const postmortems = new Set([...seen].map((k) => JSON.parse(k)[5] as string | null));
    expect(postmortems).toEqual(new Set(['dismissed', 'done', 'pending', null]));
    expect([...seen].some((k) => JSON.parse(k)[6] === 'done')).toBe(true);
    const levels = new Set([...seen].map((k) => `${JSON.parse(k)[3]}/${JSON.parse(k)[4]}`));
    expect(levels.size).toBeGreaterThanOrEqual(POLICY.levels.length * (POLICY.repeat + 1));
    expect(transitions).toBeGreaterThan(100);
  });
});

describe('page failures', () => {
  const failed = { type: 'page.failed', key: 'inc_1:2:0', level: 0, targets: ['U0PRIMARY', 'pagerduty'], error: 'Slack 503; PagerDuty 502' } as const;

  it('keeps a failing page on the summary and the timeline until a retry gets it through', () => {
    let { snapshot } = start();
    let r = step(snapshot, { ...failed, final: false });
    snapshot = r.snapshot;
    expect(snapshot.context.pageFailures).toEqual([{ key: 'inc_1:2:0', level: 0, targets: ['U0PRIMARY', 'pagerduty'], error: 'Slack 503; PagerDuty 502', final: false, at: '2026-11-27T03:00:00.000Z' }]);
    expect(r.actions.map((a) => a.type)).toEqual(['timeline.record', 'slack.refreshSummary']);
    expect(text(r.actions[0]!.params)).toBe('Page level 1 failed for U0PRIMARY, pagerduty: Slack 503; PagerDuty 502 — retrying');

    r = step(snapshot, { type: 'page.delivered', key: 'inc_1:2:0' });
    expect(r.snapshot.context.pageFailures).toEqual([]);
    expect(text(r.actions[0]!.params)).toBe('Page level 1 delivered after retrying');
    // A delivery nobody was worried about is not news.
    expect(step(r.snapshot, { type: 'page.delivered', key: 'inc_1:2:0' }).actions).toEqual([]);
  });

  it('says a page given up for good in the channel as well', () => {
    const { snapshot } = start();
    const r = step(snapshot, { ...failed, final: true, error: 'PagerDuty refused the event (400): invalid routing key' });
    expect(r.snapshot.context.pageFailures[0]!.final).toBe(true);
    // Said in the channel as a notice (the chat adapter words it), besides the timeline.
    expect(r.actions.find((a) => a.type === 'slack.notice')?.params).toEqual({
      incidentId: 'inc_1', notice: { kind: 'page-failed', level: 1, targets: ['U0PRIMARY', 'pagerduty'], error: 'PagerDuty refused the event (400): invalid routing key' },
    });
  });
});

describe('reopen and PagerDuty', () => {
  it('counts reopens, so PagerDuty is paged under a fresh dedup key after one', async () => {
    const { pagerDedupKey } = await import('../../../src/incidents/effects/paging.js');
    let { snapshot } = start();
    expect(pagerDedupKey(snapshot.context)).toBe('inc_1');
    snapshot = step(snapshot, { type: 'incident.resolve' }).snapshot;
    snapshot = step(snapshot, { type: 'incident.reopen', reason: 'flapped' }).snapshot;
    expect(snapshot.context.reopens).toBe(1);
    expect(pagerDedupKey(snapshot.context)).toBe('inc_1~1');
  });
});
