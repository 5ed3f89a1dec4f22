// E2e (vendor outages): Slack goes away while three incidents are declared, escalated, one
// acknowledged and one resolved; when it comes back, every surviving incident gets exactly one
// channel and one pinned summary of its latest state, the pages that were still due go out once each
// and in order (none for the acknowledged incident), nothing goes dead, and the announcement channel
// gets one recap. The fake Slack is switched off (HTTP 503, then refused connections) and on again.
import { afterEach, describe, expect, it } from 'vitest';
import { listBreakers } from '../../../src/store/breakers.js';
import { listIncidents, type IncidentListItem } from '../../../src/store/incidents.js';
import { listEffects } from '../../../src/store/outbox.js';
import { ANNOUNCE_CHANNEL, blocksText, effectsSettled, startSlackE2e, succeeded, timeline, waitFor, type SlackE2e } from './harness.js';

let e: SlackE2e | undefined;
afterEach(async () => {
  await e?.stop();
  e = undefined;
});

const YAML = `
routing:
  defaults: { declare: sev2, policy: sre }
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0PRIMARY], timeout: 1s }
        - { targets: [U0SECONDARY], timeout: 1h }
runner:
  dispatcher: { backoff: { initial: 50ms, max: 200ms } }
  vendors:
    slack: { failures_to_open: 3, probe_interval: 300ms, rate: 50 }
`;

async function incidentsByNumber(e: SlackE2e, n: number): Promise<IncidentListItem[]> {
  return waitFor(`${n} incidents`, async () => {
    const all = await listIncidents(e.app.store, false);
    return all.length >= n && [...all].sort((a, b) => Number(a.number) - Number(b.number));
  });
}

describe('Slack outage', () => {
  it('delays the incidents’ Slack work while Slack is down and delivers it once, in order, when it is back', async () => {
    e = await startSlackE2e({ yaml: YAML });
    const { app, fake } = e;
    await fake.down('http-503');

    for (const key of ['db', 'api', 'queue']) {
      await e.alert({ key, status: 'firing', title: `${key} is down`, severity: 'sev2', service: key });
    }
    const [one, two, three] = await incidentsByNumber(e, 3);
    await waitFor('the Slack breaker open', async () => (await listBreakers(app.store)).find((b) => b.vendor === 'slack' && b.state === 'open'));
    // From here Slack is not even listening: the breaker keeps its effects parked, nobody dials it.
    await fake.down('refused');

    // Escalated while Slack is down: level 1 times out after 1s for each incident.
    await waitFor('every incident escalated to level 2', async () => {
      const lines = await Promise.all([one!, two!, three!].map((i) => timeline(app, i.id)));
      return lines.every((t) => t.filter((x) => x.kind === 'escalation.paged').length >= 2);
    });
    // As the console or PagerDuty would: #2 acknowledged, #3 resolved, #1 changes hands three times
    // (still triggered, so its pages stay due).
    const send = (id: string, event: Record<string, unknown>) => app.engine.runner.send(id, { actor: 'console:alice', at: new Date().toISOString(), ...event } as never);
    await send(two!.id, { type: 'incident.acknowledge', via: 'console' });
    await send(three!.id, { type: 'incident.resolve', summary: 'queue drained' });
    for (const user of ['U0LEADA', 'U0LEADB', 'U0LEADC']) await send(one!.id, { type: 'incident.role', role: 'commander', user });

    const waiting = await waitFor('effects parked', async () => (await listBreakers(app.store)).find((b) => b.vendor === 'slack' && Number(b.waiting) > 0));
    expect(Number(waiting.waiting)).toBeGreaterThan(0);
    const callsWhileDown = fake.calls.length;
    await new Promise((r) => setTimeout(r, 1_000));
    // Refused connections are not recorded by the fake; nothing was answered while it was off either.
    expect(fake.calls.length).toBe(callsWhileDown);

    await fake.up();
    for (const i of [one!, two!, three!]) await effectsSettled(app, i.id, 30_000);
    const recap = await waitFor('the outage recap', () => fake.state.messages.filter((m) => m.channel === ANNOUNCE_CHANNEL && m.text.includes('unreachable')).length > 0 && fake.state.messages.filter((m) => m.channel === ANNOUNCE_CHANNEL && m.text.includes('unreachable')), 30_000);
    expect(recap).toHaveLength(1);
    for (const i of [one!, two!, three!]) expect(blocksText(recap[0]!.blocks)).toContain(`#${i.number}`);

    const incidents = await listIncidents(app.store, false);
    for (const i of [one!, two!, three!]) {
      const rows = await listEffects(app.store, i.id);
      expect(rows.filter((r) => r.status === 'dead')).toEqual([]);
      const channel = incidents.find((x) => x.id === i.id)!.external.slack!;
      expect(channel).toBeDefined();
      // Exactly one channel for the incident, one pinned summary in it.
      expect(succeeded(fake, 'conversations.create').filter((c) => String(c.params.name).startsWith(`inc-${i.number}-`))).toHaveLength(1);
      expect(fake.state.pins.get(channel)?.size).toBe(1);
    }

    // The pinned summary shows the latest state, rendered once per queued burst of edits.
    const pinnedText = (id: string) => {
      const channel = incidents.find((x) => x.id === id)!.external.slack!;
      const ts = [...fake.state.pins.get(channel)!][0]!;
      return blocksText(fake.state.messages.find((m) => m.channel === channel && m.ts === ts)!.blocks);
    };
    expect(pinnedText(one!.id)).toContain('<@U0LEADC>');
    expect(pinnedText(one!.id)).not.toContain('<@U0LEADB>');
    expect(pinnedText(two!.id)).toMatch(/Acknowledged/);
    expect(pinnedText(three!.id)).toMatch(/Resolved/);
    const oneChannel = incidents.find((x) => x.id === one!.id)!.external.slack!;
    // Work queued during the outage collapses: five summary edits and three topics became at most one
    // edit (the post itself rendered the latest state) and one topic.
    const rowsOfOne = await listEffects(app.store, one!.id);
    expect(rowsOfOne.filter((r) => r.type === 'slack.refreshSummary').length).toBeGreaterThanOrEqual(4);
    expect(succeeded(fake, 'chat.update', oneChannel).length).toBeLessThanOrEqual(1);
    expect(rowsOfOne.filter((r) => r.type === 'slack.setTopic').length).toBeGreaterThanOrEqual(3);
    expect(succeeded(fake, 'conversations.setTopic', oneChannel)).toHaveLength(1);

    // Pages that were due: #1 level 1 then level 2, once each; none for #2 (acknowledged) or #3 (resolved).
    const paging = (channel: string) => fake.state.messages.filter((m) => m.channel === channel && m.text.includes('Paging'));
    expect(paging(oneChannel).map((m) => (m.text.includes('U0PRIMARY') ? 'level 1' : m.text.includes('U0SECONDARY') ? 'level 2' : '?'))).toEqual(['level 1', 'level 2']);
    for (const other of [two!, three!]) expect(paging(incidents.find((x) => x.id === other.id)!.external.slack!)).toEqual([]);
    expect(fake.directMessages('U0PRIMARY')).toHaveLength(1);
    expect(fake.directMessages('U0SECONDARY')).toHaveLength(1);

    expect((await listBreakers(app.store)).find((b) => b.vendor === 'slack')).toMatchObject({ state: 'closed', waiting: 0 });
  }, 120_000);
});
