import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookAlertSource as AlertSource } from '../../../src/domain/alert.js';
import { listAlerts, listIncidents } from '../../../src/store/incidents.js';
import { deliver, fixtureBytes, SECRETS, signedHeaders, startTestServer } from '../../support/webhooks.js';

let app: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app?.stop();
});

const FIRING: Record<AlertSource, string> = {
  datadog: 'triggered',
  sentry: 'event_alert.triggered',
  pagerduty: 'incident.triggered',
  alertmanager: 'firing',
  grafana: 'firing',
  generic: 'firing',
};
const SOURCES = Object.keys(FIRING) as AlertSource[];

async function storedCount() {
  return (await listAlerts(app.store)).length;
}

describe('authentication', () => {
  it.each(SOURCES)('%s: a wrong secret, no credentials or (signed sources) a tampered body is 401 and stores nothing', async (source) => {
    const body = fixtureBytes(source, FIRING[source]);
    const good = signedHeaders(source, body, { fixture: FIRING[source] });
    const before = await storedCount();

    if (['sentry', 'pagerduty', 'grafana'].includes(source)) {
      // HMAC sources sign the body: one changed byte fails.
      const tampered = Buffer.from(body.toString().replace(/"/, ' "'));
      expect((await deliver(app.url, source, tampered, good)).status).toBe(401);
    }

    const wrongSecrets = Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [k, `${v}-wrong`])) as typeof SECRETS;
    const wrong = signedHeaders(source, body, { fixture: FIRING[source], secrets: wrongSecrets });
    expect((await deliver(app.url, source, body, wrong)).status).toBe(401);

    const bare = { 'content-type': 'application/json', ...(source === 'sentry' && { 'sentry-hook-resource': 'event_alert' }) };
    expect((await deliver(app.url, source, body, bare)).status).toBe(401);

    expect(await storedCount()).toBe(before);
  });

  it('rejects re-serialised JSON: the signature is over the exact bytes sent', async () => {
    const raw = Buffer.from('{"a":"caf\\u00e9",  "b":1}');
    const headers = signedHeaders('sentry', raw);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect((await deliver(app.url, 'sentry', reserialised, headers)).status).toBe(401);
  });

  it('rejects a Grafana signature whose timestamp is more than five minutes old', async () => {
    const body = fixtureBytes('grafana', 'firing');
    const { createHmac } = await import('node:crypto');
    const ts = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const sig = createHmac('sha256', SECRETS.GRAFANA_WEBHOOK_SECRET).update(`${ts}:`).update(body).digest('hex');
    const r = await deliver(app.url, 'grafana', body, { 'content-type': 'application/json', 'x-grafana-alerting-timestamp': ts, 'x-grafana-alerting-signature': sig });
    expect(r.status).toBe(401);
  });

  it('accepts Datadog credentials sent as the HTTP Basic password', async () => {
    const body = fixtureBytes('datadog', 'warn');
    const basic = Buffer.from(`datadog:${SECRETS.DATADOG_WEBHOOK_SECRET}`).toString('base64');
    const r = await deliver(app.url, 'datadog', body, { 'content-type': 'application/json', authorization: `Basic ${basic}` });
    expect(r.status).toBe(202);
  });
});

describe('answers senders can rely on', () => {
  it('404s a source whose secret is not set, naming the variable, and an unknown source', async () => {
    const bare = await startTestServer('', { DATADOG_WEBHOOK_SECRET: '' });
    try {
      const r = await deliver(bare.url, 'datadog', fixtureBytes('datadog', 'triggered'));
      expect(r.status).toBe(404);
      expect(r.body.error).toContain('DATADOG_WEBHOOK_SECRET');
    } finally {
      await bare.stop();
    }
    expect((await deliver(app.url, 'nagios' as AlertSource, Buffer.from('{}'), { 'content-type': 'application/json' })).status).toBe(404);
  });

  it('answers 415 for a body that is not JSON and 413 for one over 1 MB', async () => {
    const body = fixtureBytes('generic', 'firing');
    const headers = { ...signedHeaders('generic', body), 'content-type': 'text/plain' };
    expect((await deliver(app.url, 'generic', body, headers)).status).toBe(415);
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
    expect((await deliver(app.url, 'generic', big)).status).toBe(413);
  });

  it('answers 400 naming the field for a malformed payload, and for invalid JSON', async () => {
    const bad = Buffer.from(JSON.stringify({ key: 'k', status: 'exploding', title: 'x' }));
    const r = await deliver(app.url, 'generic', bad);
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('status');
    const notJson = Buffer.from('{"key": ');
    expect((await deliver(app.url, 'generic', notJson)).status).toBe(400);
    const dd = await deliver(app.url, 'datadog', fixtureBytes('datadog', 'default-payload'));
    expect(dd.status).toBe(400);
    expect(String(dd.body.error)).toContain('template');
  });

  it('keeps untrusted text verbatim in the store (escaping happens when rendered)', async () => {
    const body = Buffer.from(JSON.stringify({ key: 'evil-1', status: 'firing', title: '<!channel> <https://evil.example|click>', severity: 'sev4' }));
    expect((await deliver(app.url, 'generic', body)).status).toBe(202);
    const stored = (await listAlerts(app.store)).find((a) => a.key === 'evil-1');
    expect(stored?.title).toBe('<!channel> <https://evil.example|click>');
  });

  it('makes one alert and at most one incident from 1,000 concurrent identical deliveries', async () => {
    const body = Buffer.from(JSON.stringify({ key: 'storm-1', status: 'firing', title: 'Disk full', severity: 'sev1', service: 'storm-svc' }));
    const results = await Promise.all(Array.from({ length: 1000 }, () => deliver(app.url, 'generic', body)));
    // Accepted, or shed with a fast 503 for the sender to retry: never anything else.
    expect(results.every((r) => r.status === 202 || r.status === 503)).toBe(true);
    const accepted = results.filter((r) => r.status === 202).length;
    const alerts = (await listAlerts(app.store)).filter((a) => a.key === 'storm-1');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.count).toBe(accepted);
    expect((await listIncidents(app.store)).filter((i) => i.service === 'storm-svc')).toHaveLength(1);
  });
});

describe('fuzzing the edge', () => {
  it.each(SOURCES)('%s: arbitrary signed JSON and bytes get a 2xx or 4xx, never a 5xx', async (source) => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.constant(fixtureBytes(source, FIRING[source])).chain((b) =>
            fc.nat({ max: b.length - 1 }).map((i) => Buffer.concat([b.subarray(0, i), b.subarray(i + 1)])),
          ),
        ),
        async (body) => {
          const r = await deliver(app.url, source, body, signedHeaders(source, body, { fixture: FIRING[source] }));
          return r.status < 500;
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
