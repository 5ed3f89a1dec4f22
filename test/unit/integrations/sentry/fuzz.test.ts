// Tests: Sentry webhook parse and verify under arbitrary input (fast-check): an answer, never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { sentryWebhook } from '../../../../src/integrations/sentry/webhook.js';
import { fixture, FIXTURES, headersFor, rawFixture, SECRET, type FixtureName } from './fixtures.js';

const secrets = { webhookSecret: new Secret(SECRET) };
const now = new Date('2019-08-19T21:10:00Z');
const names = Object.keys(FIXTURES) as FixtureName[];
const resources = fc.constantFrom('event_alert', 'metric_alert', 'issue', 'installation', 'comment', '');

function settles(resource: string, body: unknown): void {
  const result = sentryWebhook.parse({ 'sentry-hook-resource': resource }, body);
  if (result.ok) {
    for (const alert of result.value.alerts) expect(typeof alert.key).toBe('string');
  } else {
    expect(result.error.kind).toBe('malformed');
    expect(typeof result.error.field).toBe('string');
  }
}

/** Walks to a random object or array inside the body and replaces (or deletes) one member. */
function mutate(body: unknown, steps: number[], value: unknown): unknown {
  const copy = structuredClone(body);
  let at: unknown = copy;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') break;
    const keys = Object.keys(at);
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    const next = (at as Record<string, unknown>)[key];
    if (next === null || typeof next !== 'object' || step % 3 === 0) {
      if (value === undefined) delete (at as Record<string, unknown>)[key];
      else (at as Record<string, unknown>)[key] = value;
      return copy;
    }
    at = next;
  }
  return copy;
}

describe('Sentry webhook under arbitrary input', () => {
  it('parses any JSON value under any resource to ok or a malformed error', () => {
    fc.assert(fc.property(resources, fc.jsonValue(), settles), { numRuns: 500 });
  });

  it('parses mutated fixtures to ok or a malformed error', () => {
    const mutated = fc.tuple(fc.constantFrom(...names), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.option(fc.jsonValue(), { nil: undefined }));
    fc.assert(
      fc.property(mutated, ([name, steps, value]) => settles(FIXTURES[name], mutate(fixture(name), steps, value))),
      { numRuns: 1000 },
    );
  });

  it('parses arbitrary JavaScript values (not only JSON) without throwing', () => {
    fc.assert(fc.property(resources, fc.anything({ withBigInt: false }), settles), { numRuns: 300 });
  });

  it('verifies arbitrary bytes and signatures without throwing', () => {
    const headers = fc.record({ 'sentry-hook-signature': fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })) }, { requiredKeys: [] });
    fc.assert(
      fc.property(headers, fc.uint8Array({ maxLength: 512 }), (h, bytes) => {
        expect(typeof sentryWebhook.verify(h, Buffer.from(bytes), secrets, now).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every single-byte change to a signed fixture', () => {
    const raw = rawFixture('metric_alert.critical');
    const headers = headersFor('metric_alert', raw);
    fc.assert(
      fc.property(fc.nat(raw.length - 1), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const changed = Buffer.from(raw);
        changed[at] = (changed[at]! + delta) % 256;
        expect(sentryWebhook.verify(headers, changed, secrets, now).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
