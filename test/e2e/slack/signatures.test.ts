// E2e (Slack): POST /slack/events trusts only requests signed with the signing secret within Slack's
// 5-minute window, and answers the Events API's url_verification challenge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIncidents } from '../../../src/store/incidents.js';
import { SLACK_SIGNING_SECRET, sendCommand, sendEvent, slackSignature } from '../../support/slack-requests.js';
import { startSlackE2e, type SlackE2e } from './harness.js';

let e: SlackE2e;
beforeAll(async () => {
  e = await startSlackE2e();
});
afterAll(() => e.stop());

const now = () => Math.floor(Date.now() / 1000);
const declare = (opts: Parameters<typeof sendCommand>[2]) =>
  sendCommand(e.app.url, { text: 'declare sev1 Forged', user_id: 'U0FORGER', channel_id: 'CGENERAL', response_url: e.responses.url('forged') }, opts);

describe('Slack request signatures', () => {
  it('refuses a wrong signature with 401 and acts on nothing', async () => {
    const res = await declare({ signature: `v0=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    const otherSecret = await declare({ secret: 'not-our-signing-secret' });
    expect(otherSecret.status).toBe(401);
    expect(await listIncidents(e.app.store, false)).toEqual([]);
  });

  it('refuses a correctly signed request that is 6 minutes old, or 6 minutes in the future', async () => {
    expect((await declare({ timestamp: now() - 6 * 60 })).status).toBe(401);
    expect((await declare({ timestamp: now() + 6 * 60 })).status).toBe(401);
    expect(await listIncidents(e.app.store, false)).toEqual([]);
  });

  it('answers url_verification with its challenge', async () => {
    const res = await sendEvent(e.app.url, { token: 'deprecated', challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses an unsigned url_verification', async () => {
    const body = JSON.stringify({ challenge: 'x', type: 'url_verification' });
    const res = await fetch(`${e.app.url}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    // The same body signed is accepted: the signature, not the shape, made the difference.
    const ts = now();
    const signed = await fetch(`${e.app.url}/slack/events`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SLACK_SIGNING_SECRET, ts, body) },
    });
    expect(signed.status).toBe(200);
  });
});
