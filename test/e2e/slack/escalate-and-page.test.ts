// E2e (escalation by hand): the summary shows the escalation level and an Escalate button while
// nobody has acknowledged; the button and `/incident escalate` page the next level now, until the
// policy is exhausted; `/incident page` adds people or a policy's first level without changing the
// level; a page that fails for good is on the summary.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/integrations/slack/ids.js';
import {
  ANNOUNCE_CHANNEL, answerText, blocksText, buttonsOf, channelOf, effectsSettled, startSlackE2e, theIncident, timeline, waitFor, type SlackE2e,
} from './harness.js';

const USER = 'U0RESPONDER';

let e: SlackE2e;
afterEach(() => e.stop());

const YAML = `
routing:
  defaults: { declare: sev2, policy: sre }
slack:
  announce_channel: ${ANNOUNCE_CHANNEL}
reminders:
  status_update: { sev2: off }
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0PRIMARY], timeout: 1h }
        - { targets: [U0SECONDARY], timeout: 1h }
    dba:
      levels:
        - { targets: [S0DBA, U0DBA], timeout: 5m }
`;

/** The pinned summary: our message with a header block (a page may be posted before it). */
const summaryMessage = (channel: string) =>
  e.fake.state.messages.find((m) => m.channel === channel && m.user === e.fake.state.botUserId && JSON.stringify(m.blocks ?? []).includes('"type":"header"'));

const paged = (channel: string, who: string) =>
  e.fake.state.messages.filter((m) => m.channel === channel && String(m.text).startsWith(':rotating_light: Paging') && String(m.text).includes(who));

describe('/incident escalate, the Escalate button and /incident page', () => {
  it('escalates level by level to exhaustion, shown on the summary, and pages more people without changing the level', async () => {
    e = await startSlackE2e({ yaml: YAML });
    await e.command('declare sev2 Payments failing', { user: USER, channel: 'CGENERAL' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    const here = { user: USER, channel };
    await waitFor('level 1 paged', () => paged(channel, '<@U0PRIMARY>').length > 0);
    await effectsSettled(e.app, incident.id);

    let summary = summaryMessage(channel)!;
    expect(blocksText(summary.blocks)).toMatch(/\*Escalation\*: level 1 of 2 of `sre` · next level at <!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>/);
    expect(buttonsOf(summary.blocks)).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.resolve, ACTION_IDS.escalate]);

    // The button: level 2 now.
    await e.click(ACTION_IDS.escalate, incident.id, { ...here, messageTs: summary.ts });
    await waitFor('the escalate answer', () => e.responses.posts.some((p) => JSON.stringify(p.body).includes('Escalated incident #1 to level 2 of `sre`.')));
    await waitFor('level 2 paged', () => paged(channel, '<@U0SECONDARY>').length > 0);
    await effectsSettled(e.app, incident.id);
    summary = summaryMessage(channel)!;
    expect(blocksText(summary.blocks)).toMatch(/level 2 of 2 of `sre` · exhausted at <!date\^\d+\^[^>]+> without an acknowledgement/);

    // The command at the last level: exhausted, loudly, and no more Escalate button.
    expect(answerText(await e.command('escalate the DBA is not answering', here))).toBe('Incident #1 was at the last level of `sre`: escalation is now exhausted.');
    await waitFor('the exhausted post', () => e.fake.state.messages.some((m) => m.channel === channel && String(m.text).includes('Escalation exhausted')));
    await waitFor('the exhausted announcement', () => e.fake.state.messages.some((m) => m.channel === ANNOUNCE_CHANNEL && String(m.text).startsWith('🚨 Escalation exhausted: *#1 Payments failing*')));
    await effectsSettled(e.app, incident.id);
    summary = summaryMessage(channel)!;
    expect(blocksText(summary.blocks)).toContain('*Escalation exhausted*: every level of `sre` was paged and nobody acknowledged.');
    expect(buttonsOf(summary.blocks)).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.resolve]);
    expect(answerText(await e.command('escalate', here))).toBe(
      'Escalation of incident #1 is exhausted: every level of `sre` was paged. Page someone with `/incident page @person`.',
    );

    // Paging by hand: people and a policy's first level; the level stays where it is.
    expect(answerText(await e.command('page <@U0EXTRA|extra> dba', here))).toBe('Paging <@U0EXTRA>, <!subteam^S0DBA>, <@U0DBA> for incident #1.');
    await waitFor('the page by hand', () => paged(channel, '<@U0EXTRA>').length > 0 && paged(channel, '<@U0DBA>').length > 0);
    expect(answerText(await e.command('page nosuch', here))).toBe('There is no escalation policy named `nosuch` (known: `sre`, `dba`).');
    const read = await e.app.engine.runner.read(incident.id);
    expect((read?.context as { escalation: { level: number; exhausted: boolean } }).escalation).toMatchObject({ level: 1, exhausted: true });
    const kinds = (await timeline(e.app, incident.id)).map((t) => t.kind);
    expect(kinds.filter((k) => k === 'escalation.escalated')).toHaveLength(1);
    expect(kinds).toEqual(expect.arrayContaining(['escalation.exhausted', 'escalation.paged']));

    // Once acknowledged there is nothing to escalate.
    expect(answerText(await e.command('ack', here))).toBe('Acknowledged incident #1.');
    expect(answerText(await e.command('escalate', here))).toBe('Incident #1 is acknowledged — nothing to escalate.');
  }, 60_000);

  it('shows a page that failed for good on the summary', async () => {
    // A policy that pages PagerDuty while no routing key is set: that part of the page cannot succeed.
    e = await startSlackE2e({ yaml: YAML.replace('- { targets: [U0PRIMARY], timeout: 1h }', '- { targets: [U0PRIMARY, pagerduty], timeout: 1h }') });
    await e.command('declare sev2 Payments failing', { user: USER, channel: 'CGENERAL' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    const failed = await waitFor(
      'the failed page on the summary',
      () => {
        const text = blocksText(summaryMessage(channel)?.blocks);
        return text.includes(':warning: *Page level 1 failed* for pagerduty') && text.includes('(gave up)') && text;
      },
      20_000,
    );
    expect(failed).toContain('PAGERDUTY_ROUTING_KEY');
  }, 60_000);
});
