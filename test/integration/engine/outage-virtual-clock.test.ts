// Integration (vendor outages, on the drill's virtual clock): Slack is unreachable for two hours
// while three incidents are declared, escalated, one acknowledged and one resolved. With the old
// count of attempts every Slack effect would have died within minutes; with retries bounded by time
// and the breaker parking them, each surviving incident gets exactly one channel and one pinned
// summary of its latest state after recovery, the pages that were due go out once each and in order
// (none for the acknowledged incident), and nothing is dead.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBreakers } from '../../../src/store/breakers.js';
import { listIncidents } from '../../../src/store/incidents.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { driveOutage, type OutageDrive } from '../../support/outage-driver.js';

const MIN = 60_000;
const YAML = `
routing:
  defaults: { declare: sev2, policy: sre }
slack:
  announce_channel: CINCIDENTS
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0PRIMARY], timeout: 5m }
        - { targets: [U0SECONDARY], timeout: 1h }
        - { targets: [U0TERTIARY], timeout: 1h }
runner:
  vendors:
    slack: { failures_to_open: 5, probe_interval: 1m, rate: 1000 }
`;

let fake: FakeSlack;
let d: OutageDrive | undefined;
beforeEach(async () => {
  fake = await startFakeSlack();
  fake.state.channels.set('CINCIDENTS', { id: 'CINCIDENTS', name: 'incidents', is_private: false, is_archived: false, creator: 'UADMIN', created: 0, topic: '' });
  fake.state.members.set('CINCIDENTS', new Set([fake.state.botUserId]));
});
afterEach(async () => {
  await d?.close();
  d = undefined;
  await fake.close();
});

describe('a two-hour Slack outage (virtual clock)', () => {
  it('delivers every surviving incident’s channel, summary and due pages once, in order, after Slack returns', async () => {
    d = await driveOutage(fake, YAML);
    await fake.down('refused');

    await d.alert({ key: 'db', status: 'firing', title: 'db is down', severity: 'sev2', service: 'db' });
    await d.runTo(2 * MIN);
    await d.alert({ key: 'api', status: 'firing', title: 'api is down', severity: 'sev2', service: 'api' });
    await d.alert({ key: 'queue', status: 'firing', title: 'queue is down', severity: 'sev2', service: 'queue' });
    const [one, two, three] = [...(await listIncidents(d.store, false))].sort((a, b) => Number(a.number) - Number(b.number));
    await d.runTo(4 * MIN);
    // As the console or PagerDuty's webhook would, while Slack is down.
    const send = async (id: string, event: Record<string, unknown>) =>
      void (await d!.engine.runner.send(id, { actor: 'console:alice', at: d!.clock.now().toISOString(), ...event } as never));
    await send(two!.id, { type: 'incident.acknowledge', via: 'console' });
    await d.runTo(30 * MIN); // #1 and #3 escalate to level 2 at their 5-minute marks
    await send(three!.id, { type: 'incident.resolve', summary: 'queue drained' });
    for (const [i, user] of ['U0LEADA', 'U0LEADB', 'U0LEADC'].entries()) {
      await d.runTo((40 + i * 10) * MIN);
      await send(one!.id, { type: 'incident.role', role: 'commander', user });
    }
    await d.runTo(119 * MIN);
    expect((await listBreakers(d.store)).find((b) => b.vendor === 'slack')).toMatchObject({ state: 'open' });
    expect(await d.store.query(`select id from outbox where status = 'dead'`)).toEqual([]);
    expect(fake.calls).toEqual([]); // refused connections reach nobody

    await fake.up();
    await d.runTo(135 * MIN);

    expect(d.changes.map((c) => c.state)).toEqual(['open', 'closed']);
    expect(await d.store.query(`select id, effect_type, last_error from outbox where status = 'dead'`)).toEqual([]);
    expect(await d.store.query(`select id, effect_type from outbox where status <> 'done'`)).toEqual([]);

    const incidents = await listIncidents(d.store, false);
    const channelOf = (id: string) => incidents.find((x) => x.id === id)!.external.slack!;
    for (const i of [one!, two!, three!]) {
      expect(fake.calls.filter((c) => c.method === 'conversations.create' && c.ok && String(c.params.name).startsWith(`inc-${i.number}-`))).toHaveLength(1);
      expect(fake.state.pins.get(channelOf(i.id))?.size).toBe(1);
    }
    const pinned = (id: string) => {
      const ts = [...fake.state.pins.get(channelOf(id))!][0]!;
      return JSON.stringify(fake.state.messages.find((m) => m.channel === channelOf(id) && m.ts === ts)!.blocks);
    };
    expect(pinned(one!.id)).toContain('<@U0LEADC>');
    expect(pinned(two!.id)).toMatch(/Acknowledged/);
    expect(pinned(three!.id)).toMatch(/Resolved/);

    // #1 was escalated during the outage and never acknowledged: level 1 then level 2 (then level 3
    // at 65 min), each once, in order. #2 (acknowledged) and #3 (resolved) are paged by nobody.
    const paging = (channel: string) => fake.state.messages.filter((m) => m.channel === channel && m.text.includes('Paging')).map((m) => /<@(U0[A-Z]+)>/.exec(m.text)?.[1]);
    expect(paging(channelOf(one!.id))).toEqual(['U0PRIMARY', 'U0SECONDARY', 'U0TERTIARY']);
    expect(paging(channelOf(two!.id))).toEqual([]);
    expect(paging(channelOf(three!.id))).toEqual([]);
    expect(fake.directMessages('U0PRIMARY')).toHaveLength(1);
    expect(fake.directMessages('U0SECONDARY')).toHaveLength(1);

    // One recap in the announcement channel, naming all three.
    const recaps = fake.state.messages.filter((m) => m.channel === 'CINCIDENTS' && m.text.includes('unreachable'));
    expect(recaps).toHaveLength(1);
    expect(recaps[0]!.text).toMatch(/unreachable for 1h/);
    for (const i of [one!, two!, three!]) expect(JSON.stringify(recaps[0]!.blocks)).toContain(`#${i.number}`);
  }, 180_000);
});
