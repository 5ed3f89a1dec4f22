// E2e (Slack): the edge's manners — Slack's unsigned ssl_check gets its 200; a signed request from
// another workspace is refused and changes nothing; a form that cannot be opened still leaves the
// user an answer (the command is acknowledged first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_WORKSPACE } from '../../../src/edges/slack/workspace.js';
import { listIncidents } from '../../../src/store/incidents.js';
import { startSlackE2e, type SlackE2e } from './harness.js';

/** The team every request from the test's fake Slack carries (test/support/slack-requests.ts). */
const OUR_TEAM = 'TFAKE0001';

describe('Slack edge', () => {
  let e: SlackE2e;
  beforeAll(async () => {
    e = await startSlackE2e({ env: { SLACK_TEAM_ID: OUR_TEAM } });
  });
  afterAll(() => e.stop());

  it("answers Slack's unsigned ssl_check with 200 and reads nothing else from it", async () => {
    const res = await fetch(`${e.app.url}/slack/events`, {
      method: 'POST', body: 'ssl_check=1&token=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    // An unsigned command is still refused: ssl_check is the only unsigned thing answered.
    const unsigned = await fetch(`${e.app.url}/slack/events`, {
      method: 'POST', body: 'ssl_check=1&command=%2Fincident&text=declare+x', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsigned.status).toBe(401);
  });

  it('acknowledges /incident declare first, and says what to do when the form cannot be opened', async () => {
    e.fake.failNext('views.open', 'expired_trigger_id');
    const answer = await e.command('declare', { user: 'U0ANN', channel: 'CGENERAL' });
    expect(answer).toMatchObject({ status: 200, text: '' });
    await expect.poll(() => e.responses.posts.map((p) => p.body.text)).toContain(
      'Could not open the declare form. Declare with a title instead: `/incident declare [sev1-4] <title>`.',
    );
    expect(await listIncidents(e.app.store, false)).toEqual([]);
  });

  it('opens the declare form after the acknowledgement when Slack lets it', async () => {
    const before = e.fake.state.views.length;
    const answer = await e.command('declare sev3', { user: 'U0ANN', channel: 'CGENERAL' });
    expect(answer).toMatchObject({ status: 200, text: '' });
    // The ack answered the HTTP request; the form follows it.
    await expect.poll(() => e.fake.state.views.slice(before)).toMatchObject([{ method: 'views.open', view: { callback_id: 'incident.declare_modal' } }]);
  });
});

describe('Slack workspace pinning', () => {
  let e: SlackE2e;
  beforeAll(async () => {
    e = await startSlackE2e({ env: { SLACK_TEAM_ID: 'TOTHER0001' } });
  });
  afterAll(() => e.stop());

  it("refuses another workspace's signed command with a reason, and declares nothing", async () => {
    const answer = await e.command('declare sev1 Checkout is down', { user: 'U0STRANGER', channel: 'CGENERAL' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: OTHER_WORKSPACE });
    expect(await listIncidents(e.app.store, false)).toEqual([]);
  });

  it("ignores another workspace's signed button click", async () => {
    const answer = await e.click('incident.acknowledge', 'inc_anything', { user: 'U0STRANGER', channel: 'CGENERAL', messageTs: '1.000' });
    expect(answer.status).toBe(200);
    expect(e.responses.posts).toEqual([]);
  });
});
