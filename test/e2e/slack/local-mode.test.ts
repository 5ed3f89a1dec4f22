// E2e (Slack): without SLACK_BOT_TOKEN Firebreak runs in local mode — an alert still declares an
// incident and walks its Slack effects, which land on the timeline instead of Slack — and
// /slack/events says in one line why it is not there.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listIncidents } from '../../../src/store/incidents.js';
import { sendEvent } from '../../support/slack-requests.js';
import { deliver, startTestServer } from '../../support/webhooks.js';
import { effectsSettled, theIncident, timeline, waitFor } from './harness.js';

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeEach(async () => {
  app = await startTestServer('routing:\n  defaults: { declare: sev2 }\n');
});
afterEach(() => app.stop());

describe('local mode (no Slack token)', () => {
  it('declares an incident from an alert and keeps what Slack would have been told on the timeline', async () => {
    const alert = { key: 'db-down', status: 'firing', title: 'Database is down', severity: 'sev1', service: 'db' };
    const res = await deliver(app.url, 'generic', Buffer.from(JSON.stringify(alert)));
    expect(res).toMatchObject({ status: 202, body: { declared: [1] } });
    const incident = await theIncident(app);
    expect(incident).toMatchObject({ number: 1, title: 'Database is down', severity: 'sev1', status: 'triggered' });

    const kinds = ['slack.openChannel', 'slack.setTopic', 'slack.postSummary', 'slack.pin'];
    const local = await waitFor('the local Slack effects on the timeline', async () => {
      const entries = (await timeline(app, incident.id)).filter((t) => t.kind === 'slack.local');
      return kinds.every((k) => entries.some((t) => t.message.startsWith(`${k} (local mode, not sent to Slack)`))) && entries;
    });
    expect(local.every((t) => t.actor === 'firebreak' && t.message.includes('#1 Database is down'))).toBe(true);
    const effects = await effectsSettled(app, incident.id);
    expect(effects.filter((r) => r.status === 'dead')).toEqual([]);
    // The local channel stands in for the real one, so commands and summaries have somewhere to point.
    expect((await listIncidents(app.store, true))[0]!.external.slack).toBe('local-inc-1-database-is-down');
  });

  it('answers POST /slack/events with 404 and a one-line reason', async () => {
    const res = await sendEvent(app.url, { type: 'url_verification', challenge: 'abc' });
    expect(res.status).toBe(404);
    const error = (res.body as { error: string }).error;
    expect(error).toBe('Slack is off (local mode): set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    expect(error).not.toContain('\n');
  });
});
