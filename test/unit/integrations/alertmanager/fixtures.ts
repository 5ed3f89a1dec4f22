// Test support: vendor fixtures as the exact bytes sent, and as parsed JSON.
import { readFileSync } from 'node:fs';

export function fixtureBytes(vendor: string, name: string): Buffer {
  return readFileSync(new URL(`../../../fixtures/${vendor}/${name}`, import.meta.url));
}

export function fixture(vendor: string, name: string): unknown {
  return JSON.parse(fixtureBytes(vendor, name).toString('utf8'));
}
