// Tests: Datadog webhook parse and verify under arbitrary input (fast-check): an answer, never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { datadogWebhook } from '../../../../src/integrations/datadog/webhook.js';
import { fixture, FIXTURES } from './fixtures.js';

const secrets = { webhookSecret: new Secret('dd-webhook-secret-4f1c') };
const now = new Date('2026-09-27T10:15:01Z');

function settles(body: unknown): void {
  const result = datadogWebhook.parse({}, body);
  if (!result.ok) {
    expect(result.error.kind).toBe('malformed');
    expect(typeof result.error.field).toBe('string');
  }
}

/** A fixture with one key replaced by an arbitrary JSON value, or deleted. */
const mutatedFixture = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.option(fc.jsonValue(), { nil: undefined }), fc.nat())
  .map(([name, value, pick]) => {
    const body = fixture(name);
    const keys = Object.keys(body);
    const key = keys[pick % keys.length]!;
    if (value === undefined) delete body[key];
    else body[key] = value;
    return body;
  });

const headers = fc.dictionary(
  fc.constantFrom('authorization', 'x-firebreak-token', 'content-type', 'x-other'),
  fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.string().map((s) => `Basic ${Buffer.from(s).toString('base64')}`)),
);

describe('Datadog webhook under arbitrary input', () => {
  it('parses any JSON value to ok or a malformed error, never a throw', () => {
    fc.assert(fc.property(fc.jsonValue(), settles), { numRuns: 500 });
  });

  it('parses mutated fixtures to ok or a malformed error', () => {
    fc.assert(fc.property(mutatedFixture, settles), { numRuns: 500 });
  });

  it('parses arbitrary strings in every template field without throwing', () => {
    const stringly = fc.dictionary(fc.constantFrom(...Object.keys(fixture('triggered'))), fc.string());
    fc.assert(fc.property(stringly, (over) => settles({ ...fixture('triggered'), ...over })), { numRuns: 500 });
  });

  it('verifies arbitrary bytes and headers without throwing', () => {
    fc.assert(
      fc.property(headers, fc.uint8Array({ maxLength: 512 }), (h, bytes) => {
        const result = datadogWebhook.verify(h, Buffer.from(bytes), secrets, now);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
