// E2e (Slack): `/incident close` closes a resolved incident (not an open one), and the channel is
// archived the configured time after close.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listIncidents } from '../../../src/store/incidents.js';
import { answerText, channelOf, DEFAULT_YAML, effectsSettled, startSlackE2e, succeeded, theIncident, timeline, waitFor, type SlackE2e } from './harness.js';

const USER = 'U0RESPONDER';

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e({ yaml: `${DEFAULT_YAML}  archive_after: 1s\n` });
});
afterEach(() => e.stop());

describe('/incident close', () => {
  it('refuses an open incident, closes a resolved one, and archives its channel after archive_after', async () => {
    await e.command('declare sev2 Queue backlog', { user: USER, channel: 'CGENERAL' });
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    await effectsSettled(e.app, incident.id);
    const here = { user: USER, channel };

    expect(answerText(await e.command('close', here))).toBe('Incident #1 is triggered: resolve it before closing it.');
    expect(answerText(await e.command('resolve Drained the queue', here))).toBe('Resolved incident #1.');
    expect(answerText(await e.command('close', here))).toBe('Closed incident #1.');
    expect(answerText(await e.command('close', here))).toBe('Incident #1 is already closed.');

    await waitFor('the channel to be archived', () => succeeded(e.fake, 'conversations.archive', channel).length > 0, 20_000);
    expect(e.fake.state.channels.get(channel)?.is_archived).toBe(true);
    const kinds = (await timeline(e.app, incident.id)).map((t) => t.kind);
    expect(kinds).toEqual(expect.arrayContaining(['incident.resolved', 'incident.closed', 'slack.archived']));
    expect(await listIncidents(e.app.store, true)).toEqual([]);
  });
});
