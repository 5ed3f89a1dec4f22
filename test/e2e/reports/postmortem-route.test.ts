// E2e: GET /incidents/<n>/postmortem.md on a running server — open on loopback in local mode (and
// not to a caller a trusted proxy forwards from elsewhere); behind FIREBREAK_API_TOKEN otherwise.
import { afterEach, describe, expect, it } from 'vitest';
import type { Firebreak } from '../../../src/main.js';
import { listIncidents } from '../../../src/store/incidents.js';
import { deliver, startTestServer } from '../../support/webhooks.js';

const ALERT = { key: 'checkout-5xx', status: 'firing', title: 'Checkout 5xx above 5%', severity: 'critical', service: 'checkout' };
const TOKEN = 'api-token-for-tests-1234567890';
let app: (Firebreak & { url: string }) | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

async function withIncident(yaml: string, env: Record<string, string> = {}) {
  app = await startTestServer(yaml, env);
  const r = await deliver(app.url, 'generic', Buffer.from(JSON.stringify(ALERT)));
  expect(r.status).toBe(202);
  await expect.poll(async () => (await listIncidents(app!.store, true)).length).toBe(1);
  return app;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

describe('GET /incidents/<n>/postmortem.md', () => {
  it('in local mode answers a loopback caller with the Markdown draft, and 404 for a number that is not an incident', async () => {
    const a = await withIncident('routing:\n  defaults: { declare: sev2 }\n');
    const res = await get(`${a.url}/incidents/1/postmortem.md`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text.split('\n')[0]).toBe('# Post-mortem: #1 Checkout 5xx above 5%');
    expect(text).toContain('## Root cause');
    expect((await get(`${a.url}/incidents/99/postmortem.md`)).status).toBe(404);
    // The console's own /incidents/ pages are not this route's business.
    expect((await get(`${a.url}/incidents/1/postmortem.txt`)).status).not.toBe(200);
  });

  it('in local mode refuses a caller that a trusted proxy forwards from another address', async () => {
    const a = await withIncident('routing:\n  defaults: { declare: sev2 }\nsources:\n  trusted_proxies: [127.0.0.1]\n');
    const res = await get(`${a.url}/incidents/1/postmortem.md`, { 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toContain('FIREBREAK_API_TOKEN');
  });

  it('with Slack configured, needs the API token: none or a wrong one is 401, the right one reads it', async () => {
    const a = await withIncident('routing:\n  defaults: { declare: sev2 }\n', {
      SLACK_BOT_TOKEN: 'xoxb-unreachable', SLACK_SIGNING_SECRET: 'signing-secret-1234', SLACK_API_URL: 'http://127.0.0.1:9/api/', FIREBREAK_API_TOKEN: TOKEN,
    });
    const none = await get(`${a.url}/incidents/1/postmortem.md`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="firebreak"');
    expect((await get(`${a.url}/incidents/1/postmortem.md`, { authorization: 'Bearer wrong-token' })).status).toBe(401);
    const ok = await get(`${a.url}/incidents/1/postmortem.md`, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# Post-mortem: #1 Checkout 5xx above 5%');
  });
});
