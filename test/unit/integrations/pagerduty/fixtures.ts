// Test support: PagerDuty v3 fixtures as the exact bytes sent, and the headers they come with.
import { readFileSync } from 'node:fs';
import { hmacSha256Hex } from '../../../../src/integrations/verify.js';

export const SECRET = 'pd-signing-secret-0a9b';

export const FIXTURES = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.priority_updated',
  'pagey.ping',
] as const;
export type FixtureName = (typeof FIXTURES)[number];

export function rawFixture(name: FixtureName): Buffer {
  return readFileSync(new URL(`../../../fixtures/pagerduty/${name}.json`, import.meta.url));
}

export function fixture(name: FixtureName): Record<string, unknown> {
  return JSON.parse(rawFixture(name).toString('utf8')) as Record<string, unknown>;
}

export const signature = (body: Buffer, secret = SECRET) => `v1=${hmacSha256Hex(secret, body)}`;

export function headersFor(body: Buffer, sig = signature(body)): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-webhook-id': '7bd4a4a3-0b3c-4bd4-9e0a-1d8d7f4f0c2e',
    'x-webhook-subscription': 'PY1OL1Z',
    'x-pagerduty-signature': sig,
  };
}
