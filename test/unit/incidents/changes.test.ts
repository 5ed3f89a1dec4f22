// Test: what escalate, page, snooze and postmortem do to an incident and answer, through a recording runner
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { changeAnswer } from '../../../src/edges/slack/answers.js';
import { createIncidents, incidentSettings, type Change, type LoadedIncident } from '../../../src/incidents/index.js';
import { defaultFileConfig } from '../../../src/config/file-schema.js';
import type { Transport } from '../../../src/store/transport.js';
import { incidentMachine, type IncidentContext, type IncidentEvent, type IncidentInput } from '../../../src/workflows/incident/index.js';
import type { WorkflowRunner } from '../../../src/workflows/runner.js';

const POLICY = { name: 'sre', levels: [{ targets: ['U0PRIMARY'], timeoutMs: 60_000 }, { targets: ['U0SECONDARY'], timeoutMs: 60_000 }], repeat: 1 };
const INPUT: IncidentInput = {
  id: 'inc_1', title: 'Checkout down', severity: 'sev2', service: null, policy: 'sre', declaredBy: 'U0IC', commander: 'U0IC', autoResolve: false,
  chat: { channelPattern: 'inc-{number}', privateChannel: false, announceChannel: null, archiveAfterMs: null },
  escalation: POLICY,
  reminders: { statusUpdateMs: { sev1: 900_000, sev2: 1_800_000, sev3: null, sev4: null }, snoozeMs: 1_800_000, postmortem: { after: { workingDays: 2 }, repeatEvery: null } },
};

/** The incident after these events, as the handlers load it. */
function incident(events: IncidentEvent[], over: Partial<IncidentInput> = {}): LoadedIncident {
  let [snapshot] = initialTransition(incidentMachine, { ...INPUT, ...over });
  for (const event of [{ type: 'incident.declared', number: 7 } as IncidentEvent, ...events]) {
    [snapshot] = transition(incidentMachine, snapshot, { at: '2026-11-27T10:00:00.000Z', ...event });
  }
  const c = snapshot.context as IncidentContext;
  return {
    view: {
      id: c.id, number: c.number, title: c.title, severity: c.severity, status: c.status, service: null, roles: c.roles, declaredBy: c.declaredBy,
      declaredAt: '2026-11-27T10:00:00.000Z', acknowledgedAt: null, resolvedAt: null, alerts: { firing: 0, resolved: 0, latest: [] }, lastUpdate: null, channel: null,
    },
    context: c,
    summaryTs: null,
    workflowStatus: snapshot.status === 'done' ? 'done' : 'active',
  };
}

function ops() {
  const sent: Array<Record<string, unknown>> = [];
  const runner = { send: async (_id: string, event: Record<string, unknown>) => (sent.push(event), { ok: true, version: 2, status: 'active', value: null, context: null }) };
  const settings = incidentSettings(defaultFileConfig());
  settings.policies = {
    sre: { levels: [{ targets: ['U0PRIMARY', 'pagerduty'], timeoutMs: 60_000 }], repeat: 0 },
    dba: { levels: [{ targets: ['S0DBA'], timeoutMs: 60_000 }], repeat: 0 },
  };
  const incidents = createIncidents({ store: {} as Transport, runner: runner as unknown as WorkflowRunner, wake: () => {}, settings: () => settings });
  return { incidents, sent };
}

/** Applies the change through the incidents API; the answer as a responder reads it in Slack. */
const apply = async (i: LoadedIncident, change: Change) => {
  const { incidents, sent } = ops();
  return { answer: changeAnswer(await incidents.apply(i, change, { id: 'U0ME', team: 'T0TEAM', via: 'slack' })), sent };
};
const TIMEOUT = { type: 'xstate.after.levelTimeout.incident.open.triggered.paging' } as unknown as IncidentEvent;

describe('applyChange: escalate', () => {
  it('says which level comes next, then the repeat, then exhaustion', async () => {
    expect(await apply(incident([]), { kind: 'escalate', reason: 'no answer' })).toEqual({
      answer: 'Escalated incident #7 to level 2 of `sre`.', sent: [{ type: 'incident.escalate', reason: 'no answer', actor: 'U0ME' }],
    });
    expect((await apply(incident([TIMEOUT]), { kind: 'escalate', reason: null })).answer).toBe('Escalated incident #7: `sre` starts again at level 1 (repeat 1).');
    expect((await apply(incident([TIMEOUT, TIMEOUT, TIMEOUT]), { kind: 'escalate', reason: null })).answer).toBe(
      'Incident #7 was at the last level of `sre`: escalation is now exhausted.',
    );
  });

  it('refuses when nothing is escalating, sending nothing', async () => {
    for (const [i, answer] of [
      [incident([{ type: 'incident.acknowledge' }]), 'Incident #7 is acknowledged — nothing to escalate.'],
      [incident([], { escalation: null }), 'Incident #7 has no escalation policy: page someone with `/incident page @person`.'],
      [incident([TIMEOUT, TIMEOUT, TIMEOUT, TIMEOUT]), 'Escalation of incident #7 is exhausted: every level of `sre` was paged. Page someone with `/incident page @person`.'],
      [incident([{ type: 'incident.resolve' }]), 'Incident #7 is already resolved.'],
    ] as const) {
      expect(await apply(i, { kind: 'escalate', reason: null })).toEqual({ answer, sent: [] });
    }
  });
});

describe('applyChange: page', () => {
  it("pages people and a policy's first level, once each", async () => {
    expect(await apply(incident([{ type: 'incident.acknowledge' }]), { kind: 'page', targets: ['U0EXTRA', 'U0PRIMARY'], policies: ['sre', 'dba'] })).toEqual({
      answer: 'Paging <@U0EXTRA>, <@U0PRIMARY>, `pagerduty`, <!subteam^S0DBA> for incident #7.',
      sent: [{ type: 'incident.page', targets: ['U0EXTRA', 'U0PRIMARY', 'pagerduty', 'S0DBA'], actor: 'U0ME' }],
    });
  });

  it('refuses an unknown policy (even one named like a prototype property) and a resolved incident', async () => {
    expect(await apply(incident([]), { kind: 'page', targets: [], policies: ['constructor'] })).toEqual({
      answer: 'There is no escalation policy named `constructor` (known: `sre`, `dba`).', sent: [],
    });
    expect((await apply(incident([{ type: 'incident.resolve' }]), { kind: 'page', targets: ['U0X'], policies: [] })).sent).toEqual([]);
  });
});

describe('applyChange: snooze and postmortem', () => {
  it('snoozes only where nudges run', async () => {
    expect(await apply(incident([]), { kind: 'snooze' })).toEqual({
      answer: 'Snoozed status-update reminders on incident #7 for 30m.', sent: [{ type: 'reminder.snooze', actor: 'U0ME' }],
    });
    expect(await apply(incident([], { severity: 'sev3' }), { kind: 'snooze' })).toEqual({
      answer: 'Incident #7 has no status-update reminders at SEV3: nothing to snooze.', sent: [],
    });
  });

  it('settles a pending post-mortem, also after close, and says when there is none', async () => {
    const resolved = [{ type: 'incident.resolve' }, { type: 'incident.close' }] as IncidentEvent[];
    expect(await apply(incident(resolved), { kind: 'postmortem', decision: 'done' })).toEqual({
      answer: 'Marked the post-mortem of incident #7 done: no more reminders.', sent: [{ type: 'incident.postmortem', decision: 'done', actor: 'U0ME' }],
    });
    const settled = incident([...resolved, { type: 'incident.postmortem', decision: 'dismissed' }]);
    expect(await apply(settled, { kind: 'postmortem', decision: 'done' })).toEqual({ answer: 'The post-mortem of incident #7 is already dismissed.', sent: [] });
    expect((await apply(incident([]), { kind: 'postmortem', decision: 'done' })).answer).toBe(
      'Incident #7 has no post-mortem reminder pending (it starts when the incident is resolved).',
    );
  });
});
