// Edge: GET /metrics. Closed unless configured; METRICS_TOKEN asks for a bearer token; METRICS_PORT
// serves it on a listener of its own and never on the main port. The series an operator alerts on:
// process figures with one prefix, the store backlog one gauge per quantity, webhook intake by
// source and status, vendor calls by outcome, and what is running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBody, BOT_TOKEN, waitUntil } from '../../../support/escalation-fixtures.js';
import { startFakeSlack, type FakeSlack } from '../../../support/fake-slack.js';
import { freePort } from '../../../support/http.js';
import { deliver, startTestServer } from '../../../support/webhooks.js';

const TOKEN = 'metrics-scrape-token-0123456789';
const scrape = (url: string, token?: string) => fetch(`${url}/metrics`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

describe('/metrics behind METRICS_TOKEN', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
    app = await startTestServer(undefined, { METRICS_TOKEN: TOKEN, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.url });
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });

  it('answers 401 without the token or with a wrong one, and says how to authenticate', async () => {
    const bare = await scrape(app.url);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await bare.json()).toEqual({ error: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
    expect((await scrape(app.url, `${TOKEN}x`)).status).toBe(401);
    expect((await scrape(app.url, TOKEN.slice(0, -1))).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
  });

  it('answers 200 with the token: process figures prefixed once, the store backlog one gauge per quantity, and build info', async () => {
    const res = await scrape(app.url, TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^firebreak_process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^firebreak_nodejs_heap_size_used_bytes \d/m);
    expect(text).not.toContain('firebreak_process_process_');
    expect(text).not.toContain('firebreak_engine{');
    for (const gauge of [
      'firebreak_workflows_active', 'firebreak_workflows_failed', 'firebreak_timers_pending', 'firebreak_timers_overdue_seconds',
      'firebreak_outbox_pending_effects', 'firebreak_outbox_running_effects', 'firebreak_outbox_oldest_pending_age_seconds',
      'firebreak_outbox_dead_effects',
    ]) {
      expect(text).toMatch(new RegExp(`^# HELP ${gauge} \\S`, 'm'));
      expect(text).toMatch(new RegExp(`^${gauge} \\d`, 'm'));
    }
    expect(text).toMatch(/^firebreak_store_stats_up 1$/m);
    expect(text).toMatch(new RegExp(`^firebreak_build_info\\{version="\\d+\\.\\d+\\.\\d+[^"]*",node="${process.version.replace(/\./g, '\\.')}"(,commit="[0-9a-f]{40}")?\\} 1$`, 'm'));
  });

  it('counts webhook requests by source and status, times them per source, and files unknown paths under "unknown"', async () => {
    expect((await deliver(app.url, 'generic', alertBody('metrics-1', 'checkout'))).status).toBe(202);
    expect((await deliver(app.url, 'generic', alertBody('metrics-2', 'checkout'), { 'content-type': 'application/json' })).status).toBe(401);
    expect((await fetch(`${app.url}/webhooks/nagios-${Date.now()}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404);
    const text = await (await scrape(app.url, TOKEN)).text();
    expect(text).toMatch(/^firebreak_webhook_requests_total\{source="generic",status="202"\} 1$/m);
    expect(text).toMatch(/^firebreak_webhook_requests_total\{source="generic",status="401"\} 1$/m);
    expect(text).toMatch(/^firebreak_webhook_requests_total\{source="unknown",status="404"\} 1$/m);
    expect(text).not.toMatch(/source="nagios/);
    expect(text).toMatch(/^firebreak_webhook_duration_seconds_count\{source="generic"\} 2$/m);
    expect(text).toMatch(/^firebreak_webhook_duration_seconds_bucket\{le="1",source="generic"\} 2$/m);
  });

  it('counts calls to Slack by method and outcome as the declared incident gets its channel', async () => {
    expect((await deliver(app.url, 'generic', alertBody('metrics-slack', 'payments', 'sev1'))).status).toBe(202);
    const text = await waitUntil('a counted Slack channel creation', async () => {
      const t = await (await scrape(app.url, TOKEN)).text();
      return /^firebreak_vendor_calls_total\{vendor="slack",method="ensureChannel",outcome="ok"\} [1-9]/m.test(t) && t;
    }, 20_000);
    expect(text).toMatch(/^firebreak_vendor_calls_total\{vendor="slack",method="post",outcome="ok"\} [1-9]/m);
    expect(slack.calls.some((c) => c.method === 'conversations.create')).toBe(true);
  });
});

describe('/metrics with neither variable set', () => {
  it('is closed: 404 naming both variables', async () => {
    const app = await startTestServer();
    try {
      const res = await scrape(app.url);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'metrics are off: set METRICS_TOKEN (bearer) or METRICS_PORT (a listener of their own)' });
    } finally {
      await app.stop();
    }
  });
});

describe('/metrics on METRICS_PORT', () => {
  it('serves on its own port (no token needed there) and the main port answers 404', async () => {
    const port = await freePort();
    const app = await startTestServer(undefined, { METRICS_PORT: String(port) });
    try {
      expect(app.metricsPort).toBe(port);
      const own = await scrape(`http://127.0.0.1:${port}`);
      expect(own.status).toBe(200);
      expect(await own.text()).toMatch(/^firebreak_build_info\{/m);
      const main = await scrape(app.url);
      expect(main.status).toBe(404);
      expect(await main.json()).toEqual({ error: 'no route /metrics' });
      // Only /metrics lives there: the public routes stay on the main port.
      expect((await fetch(`http://127.0.0.1:${port}/webhooks/generic`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await app.stop();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('asks for the token there too when both are set', async () => {
    const port = await freePort();
    const app = await startTestServer(undefined, { METRICS_PORT: String(port), METRICS_TOKEN: TOKEN });
    try {
      expect((await scrape(`http://127.0.0.1:${port}`)).status).toBe(401);
      expect((await scrape(`http://127.0.0.1:${port}`, TOKEN)).status).toBe(200);
      expect((await scrape(app.url, TOKEN)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});
