// Test support: Datadog fixtures as the exact bytes sent, and as parsed JSON.
import { readFileSync } from 'node:fs';

export const FIXTURES = ['triggered', 'warn', 'renotify', 're-triggered', 'recovered'] as const;

export function rawFixture(name: string): Buffer {
  return readFileSync(new URL(`../../../fixtures/datadog/${name}.json`, import.meta.url));
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(rawFixture(name).toString('utf8')) as Record<string, unknown>;
}
