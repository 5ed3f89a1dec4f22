// Edge: local mode's first step — with no Slack bot token and no WEBHOOK_TOKEN, POST /webhooks/generic
// takes alerts from this machine without a token, and from nowhere else; WEBHOOK_TOKEN or Slack
// closes that door again.
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/webhooks.js';

const body = JSON.stringify({ key: 'local-1', status: 'firing', title: 'Local alert', severity: 'sev2', service: 'demo' });
const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/webhooks/generic`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('generic webhook in local mode', () => {
  it('accepts a delivery from this machine without a token, and 404s one forwarded for another address', async () => {
    const app = await startTestServer(undefined, { WEBHOOK_TOKEN: '' });
    try {
      expect((await post(app.url)).status).toBe(202);
      const forwarded = await post(app.url, { 'x-forwarded-for': '198.51.100.4' });
      expect(forwarded.status).toBe(404);
      expect(await forwarded.json()).toEqual({ error: 'webhook source generic is not configured: set WEBHOOK_TOKEN' });
    } finally {
      await app.stop();
    }
  });

  it('honours sources.trusted_proxies: the client behind a trusted proxy is what counts', async () => {
    const app = await startTestServer('sources:\n  trusted_proxies: ["127.0.0.1"]\n', { WEBHOOK_TOKEN: '' });
    try {
      expect((await post(app.url, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(202);
      expect((await post(app.url, { 'x-forwarded-for': '198.51.100.4' })).status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('asks for the token once WEBHOOK_TOKEN is set, and is closed when Slack is on', async () => {
    const withToken = await startTestServer(undefined, { WEBHOOK_TOKEN: 'set-now-0123456789' });
    try {
      expect((await post(withToken.url)).status).toBe(401);
    } finally {
      await withToken.stop();
    }
    const slack = await startTestServer(undefined, { WEBHOOK_TOKEN: '', SLACK_BOT_TOKEN: 'xoxb-local-generic-0000', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    try {
      expect((await post(slack.url)).status).toBe(404);
    } finally {
      await slack.stop();
    }
  });
});
