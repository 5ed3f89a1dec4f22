// Test support: a Firebreak server in-process on an embedded store copy, with every webhook source
// configured, and signed requests the way each sender signs them.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import type { WebhookAlertSource as AlertSource } from '../../src/domain/alert.js';
import { startFirebreak, type Firebreak, type StartOptions } from '../../src/main.js';
import { silentLogger, type Logger } from '../../src/observability/observer.js';
import { copyTemplateDataDir } from './store/embedded.js';
import { FIXTURES as SENTRY_FIXTURES } from '../unit/integrations/sentry/fixtures.js';

export const SECRETS = {
  DATADOG_WEBHOOK_SECRET: 'dd-shared-secret-0123',
  SENTRY_WEBHOOK_SECRET: 'sentry-client-secret-4567',
  PAGERDUTY_WEBHOOK_SECRET: 'pd-signing-secret-89ab',
  ALERTMANAGER_TOKEN: 'am-bearer-token-cdef',
  GRAFANA_WEBHOOK_SECRET: 'grafana-hmac-secret-0011',
  WEBHOOK_TOKEN: 'generic-bearer-token-2233',
};

export async function startTestServer(
  yaml = 'routing:\n  defaults: { declare: sev4 }\n',
  env: Record<string, string> = {},
  log: Logger = silentLogger,
  start: Omit<StartOptions, 'host'> = {},
): Promise<Firebreak & { url: string; configPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fb-edge-'));
  writeFileSync(join(dir, 'firebreak.yaml'), yaml);
  const config = loadConfig({ ...SECRETS, FIREBREAK_DATA_DIR: await copyTemplateDataDir(), FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'), ...env });
  if (!config.ok) throw new Error(config.errors.join('\n'));
  config.value.env.port = 0;
  const app = await startFirebreak(config.value, log, { ...start, host: '127.0.0.1' });
  return { ...app, url: `http://127.0.0.1:${app.port}`, configPath: join(dir, 'firebreak.yaml') };
}

const DEFAULT_SECRETS = SECRETS;

const hmac = (key: string, text: string | Buffer) => createHmac('sha256', key).update(text).digest('hex');

/** Fixture name → the Sentry-Hook-Resource Sentry sends it with. */
const SENTRY_RESOURCE: Record<string, string> = SENTRY_FIXTURES;

let lastGrafanaSecond = 0;

/** The headers each sender would put on these exact bytes. */
export function signedHeaders(
  source: AlertSource,
  body: Buffer,
  extra: { fixture?: string; deliveryId?: string; secrets?: typeof SECRETS } = {},
): Record<string, string> {
  const SECRETS = extra.secrets ?? DEFAULT_SECRETS;
  const json = { 'content-type': 'application/json' };
  switch (source) {
    case 'datadog':
      return { ...json, 'x-firebreak-token': SECRETS.DATADOG_WEBHOOK_SECRET };
    case 'sentry':
      return {
        ...json,
        'sentry-hook-signature': hmac(SECRETS.SENTRY_WEBHOOK_SECRET, body),
        'sentry-hook-resource': SENTRY_RESOURCE[extra.fixture ?? ''] ?? 'event_alert',
        'sentry-hook-timestamp': String(Math.floor(Date.now() / 1000)),
      };
    case 'pagerduty':
      return {
        ...json,
        'x-pagerduty-signature': `v1=${hmac(SECRETS.PAGERDUTY_WEBHOOK_SECRET, body)}`,
        'x-webhook-id': extra.deliveryId ?? `wh-${Math.random().toString(36).slice(2)}`,
      };
    case 'alertmanager':
      return { ...json, authorization: `Bearer ${SECRETS.ALERTMANAGER_TOKEN}` };
    case 'grafana': {
      // Each call is its own send, as each of Grafana's is: a timestamp no earlier call used, so two
      // deliveries of the same body within a second are not taken for a replay. (It may run a few
      // seconds ahead of the clock in a burst; Grafana's window allows five minutes either way.)
      lastGrafanaSecond = Math.max(Math.floor(Date.now() / 1000), lastGrafanaSecond + 1);
      const ts = String(lastGrafanaSecond);
      return {
        ...json,
        'x-grafana-alerting-timestamp': ts,
        'x-grafana-alerting-signature': hmac(SECRETS.GRAFANA_WEBHOOK_SECRET, Buffer.concat([Buffer.from(`${ts}:`), body])),
      };
    }
    case 'generic':
      return { ...json, authorization: `Bearer ${SECRETS.WEBHOOK_TOKEN}` };
  }
}

export function fixtureBytes(source: string, name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${source}/${name}.json`, import.meta.url));
}

export async function deliver(url: string, source: AlertSource, body: Buffer, headers?: Record<string, string>, extra: { fixture?: string; deliveryId?: string } = {}) {
  const res = await fetch(`${url}/webhooks/${source}`, { method: 'POST', body, headers: headers ?? signedHeaders(source, body, extra) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json as Record<string, unknown> };
}
