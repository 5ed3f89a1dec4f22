// Test support: Sentry fixtures as the exact bytes sent, with the headers Sentry sends them with.
import { readFileSync } from 'node:fs';
import { hmacSha256Hex } from '../../../../src/integrations/verify.js';

export const SECRET = 'sentry-client-secret-7d2e';

/** Fixture name → Sentry-Hook-Resource. */
export const FIXTURES = {
  'event_alert.triggered': 'event_alert',
  /** A later event of the same issue: a new body, so not a replay of the first. */
  'event_alert.retriggered': 'event_alert',
  'metric_alert.critical': 'metric_alert',
  'metric_alert.warning': 'metric_alert',
  'metric_alert.resolved': 'metric_alert',
  'issue.resolved': 'issue',
  'issue.created': 'issue',
  'installation.created': 'installation',
} as const;
export type FixtureName = keyof typeof FIXTURES;

export function rawFixture(name: FixtureName): Buffer {
  return readFileSync(new URL(`../../../fixtures/sentry/${name}.json`, import.meta.url));
}

export function fixture(name: FixtureName): Record<string, unknown> {
  return JSON.parse(rawFixture(name).toString('utf8')) as Record<string, unknown>;
}

export function headersFor(resource: string, body: Buffer, secret = SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'request-id': 'c5c2a6f4-2e2b-4f57-9a58-4f4a1f1f3c10',
    'sentry-hook-resource': resource,
    'sentry-hook-timestamp': '1566249000',
    'sentry-hook-signature': hmacSha256Hex(secret, body),
  };
}
