// E2e (Slack): an alert that crosses the declare threshold opens the incident's Slack presence —
// one channel, topic, the live summary posted then pinned, an announcement linking the channel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listIncidents } from '../../../src/store/incidents.js';
import {
  ANNOUNCE_CHANNEL, blocksText, buttonsOf, channelOf, effectsSettled, startSlackE2e, succeeded, summaryMessage, theIncident, timeline, waitFor,
  type SlackE2e,
} from './harness.js';

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e();
});
afterEach(() => e.stop());

describe('an alert that crosses the declare threshold (sev2)', () => {
  it('creates the channel once, sets its topic, posts and pins the summary, and announces it with a link', async () => {
    const below = await e.alert({ key: 'cache-slow', status: 'firing', title: 'Cache is slow', severity: 'sev3', service: 'cache' });
    expect(below).toMatchObject({ status: 202, body: { declared: [] } });
    expect(await listIncidents(e.app.store, true)).toEqual([]);

    const crossing = await e.alert({ key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev2', service: 'db' });
    expect(crossing).toMatchObject({ status: 202, body: { declared: [1] } });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await waitFor('the summary to be pinned', () => succeeded(e.fake, 'pins.add', channel).length > 0);
    await waitFor('the announcement', () => succeeded(e.fake, 'chat.postMessage', ANNOUNCE_CHANNEL).length > 0);
    const effects = await effectsSettled(e.app, incident.id);
    expect(effects.filter((r) => r.status === 'dead')).toEqual([]);

    // One channel, named from the default pattern.
    expect(succeeded(e.fake, 'conversations.create')).toHaveLength(1);
    expect(e.fake.state.channels.get(channel)).toMatchObject({ name: 'inc-1-database-is-down', is_private: false, creator: e.fake.state.botUserId });

    // Topic: severity, status, commander.
    expect(succeeded(e.fake, 'conversations.setTopic', channel).length).toBeGreaterThan(0);
    expect(e.fake.state.channels.get(channel)!.topic).toBe('SEV2 · triggered · IC unassigned · #1 Database is down');

    // The summary: posted once, then pinned by its ts.
    const posts = succeeded(e.fake, 'chat.postMessage', channel);
    expect(posts).toHaveLength(1);
    const summary = summaryMessage(e.fake, channel)!;
    const pins = succeeded(e.fake, 'pins.add', channel);
    expect(pins.map((p) => p.params.timestamp)).toEqual([summary.ts]);
    expect(e.fake.state.pins.get(channel)).toEqual(new Set([summary.ts]));
    expect(e.fake.calls.indexOf(posts[0]!)).toBeLessThan(e.fake.calls.indexOf(pins[0]!));
    const shown = blocksText(summary.blocks);
    expect(shown).toContain('#1 Database is down');
    expect(shown).toContain('SEV2');
    expect(shown).toContain('Triggered');
    expect(shown).toContain('1 firing · 0 resolved');
    expect(buttonsOf(summary.blocks)).toEqual(['incident.acknowledge', 'incident.resolve']);

    // The announcement, linking the incident channel.
    const announcements = e.fake.state.messages.filter((m) => m.channel === ANNOUNCE_CHANNEL);
    expect(announcements).toHaveLength(1);
    expect(blocksText(announcements[0]!.blocks)).toContain(`Join <#${channel}>`);
    expect(announcements[0]!.text).toBe('🔥 Incident declared: *#1 Database is down*');

    // The timeline says what happened, and who did it.
    const entries = await timeline(e.app, incident.id);
    expect(entries.map((t) => [t.kind, t.actor])).toEqual(
      expect.arrayContaining([
        ['incident.declared', 'alert:generic'],
        ['slack.channel', 'firebreak'],
      ]),
    );
  });

  it('invites the responders the routing names, the first as commander', async () => {
    await e.stop();
    e = await startSlackE2e({
      yaml: `
routing:
  defaults: { declare: sev2 }
  rules:
    - name: database
      match: { service: [db] }
      responders: [U0DBA, U0ONCALL]
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
`,
    });
    await e.alert({ key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev2', service: 'db' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await waitFor('the invitations', () => succeeded(e.fake, 'conversations.invite', channel).length > 0);
    await effectsSettled(e.app, incident.id);
    expect([...(e.fake.state.members.get(channel) ?? [])]).toEqual(expect.arrayContaining(['U0DBA', 'U0ONCALL']));
    expect(e.fake.state.channels.get(channel)!.topic).toContain('IC <@U0DBA>');
  });
});
