import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { incidentMachine, type IncidentContext, type IncidentEvent, type IncidentInput } from '../../../src/workflows/incident/index.js';

const input = (over: Partial<IncidentInput> = {}): IncidentInput => ({
  id: 'inc_1', title: 'Checkout down', severity: 'sev2', service: 'checkout', policy: null, declaredBy: 'U0DECLARER',
  commander: 'U0COMMANDER', autoResolve: false,
  chat: { channelPattern: 'inc-{number}-{slug}', privateChannel: false, announceChannel: 'C0ANNOUNCE', archiveAfterMs: null },
  ...over,
});

/** Runs events from a fresh incident; returns the last snapshot and every action each step returned. */
function run(events: IncidentEvent[], over: Partial<IncidentInput> = {}) {
  let [snapshot, actions] = initialTransition(incidentMachine, input(over));
  const steps = [actions];
  for (const event of events) {
    [snapshot, actions] = transition(incidentMachine, snapshot, { at: '2026-11-27T00:00:00.000Z', ...event });
    steps.push(actions);
  }
  return { snapshot: snapshot as AnyMachineSnapshot & { context: IncidentContext }, steps, last: steps.at(-1)! };
}

const types = (actions: Array<{ type: string }>) => actions.map((a) => a.type);
const timeline = (actions: Array<{ type: string; params?: unknown }>) =>
  actions.filter((a) => a.type === 'timeline.record').map((a) => (a.params as { kind: string }).kind);

const declared: IncidentEvent = { type: 'incident.declared', number: 42 };

describe('incident machine', () => {
  it('opens its channel once numbered, then sets the topic, invites, posts the summary and announces', () => {
    const { steps, snapshot } = run([declared, { type: 'slack.channelOpened', channelId: 'C1', name: 'inc-42-checkout-down' }]);
    expect(types(steps[1]!)).toEqual(['slack.openChannel']);
    expect(types(steps[2]!)).toEqual(['timeline.record', 'slack.setTopic', 'slack.invite', 'slack.postSummary', 'slack.announce']);
    const invite = steps[2]!.find((a) => a.type === 'slack.invite');
    expect(invite?.params).toEqual({ incidentId: 'inc_1', users: ['U0COMMANDER', 'U0DECLARER'] });
    expect(snapshot.context).toMatchObject({ number: 42, channel: { id: 'C1', name: 'inc-42-checkout-down' }, status: 'triggered' });
  });

  it('does not invite an alert as if it were a person', () => {
    const { steps } = run([declared, { type: 'slack.channelOpened', channelId: 'C1', name: 'x' }], { declaredBy: 'alert:datadog', commander: null });
    expect(steps[2]!.find((a) => a.type === 'slack.invite')?.params).toEqual({ incidentId: 'inc_1', users: [] });
  });

  it('pins the summary it posted', () => {
    const { last, snapshot } = run([declared, { type: 'slack.summaryPosted', ts: '1.000' }]);
    expect(last).toEqual([expect.objectContaining({ type: 'slack.pin', params: { incidentId: 'inc_1', ts: '1.000' } })]);
    expect(snapshot.context.summaryTs).toBe('1.000');
  });

  it('acknowledges once, with who and when, and refreshes the summary and topic', () => {
    const { snapshot, last } = run([declared, { type: 'incident.acknowledge', actor: 'U0ACK' }]);
    expect(snapshot.context).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-11-27T00:00:00.000Z' });
    expect(types(last)).toEqual(['timeline.record', 'pagerduty.sync', 'slack.refreshSummary', 'slack.setTopic']);
    expect(last[0]?.params).toMatchObject({ kind: 'incident.acknowledged', actor: 'U0ACK' });
    const again = run([declared, { type: 'incident.acknowledge' }, { type: 'incident.acknowledge' }]);
    expect(again.last).toEqual([]);
  });

  it('moves status forward, skipping is fine, and refuses going back with a reason', () => {
    const { snapshot, steps } = run([
      declared,
      { type: 'incident.status', status: 'identified', message: 'bad deploy', actor: 'U1' },
      { type: 'incident.status', status: 'investigating' },
    ]);
    expect(snapshot.context.status).toBe('identified');
    expect(snapshot.context.lastUpdate).toEqual({ at: '2026-11-27T00:00:00.000Z', by: 'U1', text: 'bad deploy' });
    expect(timeline(steps[3]!)).toEqual(['incident.refused']);
    expect(types(steps[3]!)).toEqual(['timeline.record']);
  });

  it('announces a severity change with the severity it came from', () => {
    const { snapshot, last } = run([declared, { type: 'incident.severity', severity: 'sev1' }]);
    expect(snapshot.context.severity).toBe('sev1');
    expect(last.find((a) => a.type === 'slack.announce')?.params).toEqual({ incidentId: 'inc_1', what: 'severity', from: 'sev2' });
    expect(run([declared, { type: 'incident.severity', severity: 'sev2' }]).last).toEqual([]);
  });

  it('assigns roles and invites the person', () => {
    const { snapshot, last } = run([declared, { type: 'incident.role', role: 'scribe', user: 'U0SCRIBE' }]);
    expect(snapshot.context.roles).toEqual({ commander: 'U0COMMANDER', scribe: 'U0SCRIBE', comms: null });
    expect(last.find((a) => a.type === 'slack.invite')?.params).toEqual({ incidentId: 'inc_1', users: ['U0SCRIBE'] });
  });

  it('resolves with a summary, announces it, and reopens back to triggered', () => {
    const resolved = run([declared, { type: 'incident.resolve', summary: 'rolled back', actor: 'U1' }]);
    expect(resolved.snapshot.context).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-27T00:00:00.000Z', lastUpdate: { text: 'rolled back' } });
    expect(types(resolved.last)).toContain('slack.announce');
    const reopened = run([declared, { type: 'incident.resolve' }, { type: 'incident.reopen', reason: 'it is back' }]);
    expect(reopened.snapshot.context).toMatchObject({ status: 'triggered', resolvedAt: null });
    expect(reopened.snapshot.value).toEqual({ open: { triggered: 'unescalated' } });
  });

  it('ignores acknowledge and status changes once resolved', () => {
    const { last } = run([declared, { type: 'incident.resolve' }, { type: 'incident.acknowledge' }]);
    expect(last).toEqual([]);
  });

  it('stays open when every alert recovers, unless routing asked it to resolve itself', () => {
    expect(run([declared, { type: 'alerts.cleared' }]).snapshot.context.status).toBe('triggered');
    expect(run([declared, { type: 'alerts.cleared' }], { autoResolve: true }).snapshot.context.status).toBe('resolved');
  });

  it('archives the channel the configured time after close, and not at all by default', () => {
    const events: IncidentEvent[] = [declared, { type: 'incident.resolve' }, { type: 'incident.close' }];
    const kept = run(events);
    expect(kept.snapshot.status).toBe('done');
    const archiving = run(events, { chat: { ...input().chat, archiveAfterMs: 3_600_000 } });
    const timer = archiving.last.find((a) => a.type === 'xstate.raise');
    expect((timer?.params as { delay: number }).delay).toBe(3_600_000);
    const fired = transition(incidentMachine, archiving.snapshot, { type: (timer!.params as { event: { type: string } }).event.type } as never);
    expect(types(fired[1])).toContain('slack.archive');
    expect(fired[0].status).toBe('done');
  });

  it('closes a resolved incident by itself after close_after, and only by hand without it', () => {
    const byHand = run([declared, { type: 'incident.resolve' }]);
    expect(byHand.last.find((a) => a.type === 'xstate.raise')).toBeUndefined();
    const auto = run([declared, { type: 'incident.resolve' }], { chat: { ...input().chat, closeAfterMs: 86_400_000 } });
    const timer = auto.last.find((a) => a.type === 'xstate.raise');
    expect((timer?.params as { delay: number }).delay).toBe(86_400_000);
    const [closed, actions] = transition(incidentMachine, auto.snapshot, { type: (timer!.params as { event: { type: string } }).event.type } as never);
    expect((closed.context as IncidentContext).status).toBe('closed');
    expect(timeline(actions)).toContain('incident.closed');
    // Reopening before the deadline cancels the close.
    const reopened = transition(incidentMachine, auto.snapshot, { type: 'incident.reopen' });
    expect(reopened[1].map((a) => a.type)).toContain('xstate.cancel');
  });

  it('refreshes the summary when its alerts change', () => {
    expect(types(run([declared, { type: 'alerts.changed' }]).last)).toEqual(['slack.refreshSummary']);
  });
});
