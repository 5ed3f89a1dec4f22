// Tests: PagerDuty webhook parse and verify under arbitrary input (fast-check): an answer, never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { pagerdutyWebhook } from '../../../../src/integrations/pagerduty/webhook.js';
import { fixture, FIXTURES, headersFor, rawFixture, SECRET } from './fixtures.js';

const secrets = { webhookSecret: new Secret(SECRET) };
const now = new Date('2020-04-09T15:16:28Z');

function settles(body: unknown): void {
  const result = pagerdutyWebhook.parse({ 'x-webhook-id': 'w1' }, body);
  if (result.ok) {
    for (const action of result.value.external) expect(typeof action.externalId).toBe('string');
  } else {
    expect(result.error.kind).toBe('malformed');
    expect(typeof result.error.field).toBe('string');
  }
}

/** Replaces (or deletes) one member of `event` or `event.data`. */
const mutated = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.boolean(), fc.nat(), fc.option(fc.jsonValue(), { nil: undefined }))
  .map(([name, inData, pick, value]) => {
    const body = fixture(name) as { event: Record<string, unknown> };
    const target = inData && body.event.data && typeof body.event.data === 'object' ? (body.event.data as Record<string, unknown>) : body.event;
    const keys = Object.keys(target);
    const key = keys[pick % keys.length]!;
    if (value === undefined) delete target[key];
    else target[key] = value;
    return body;
  });

describe('PagerDuty webhook under arbitrary input', () => {
  it('parses any JSON value to ok or a malformed error', () => {
    fc.assert(fc.property(fc.jsonValue(), settles), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue(), (data) => settles({ event: { event_type: 'incident.triggered', data } })), { numRuns: 300 });
  });

  it('parses mutated fixtures to ok or a malformed error', () => {
    fc.assert(fc.property(mutated, settles), { numRuns: 1000 });
  });

  it('parses arbitrary JavaScript values without throwing', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: false }), settles), { numRuns: 300 });
  });

  it('verifies arbitrary bytes and signature headers without throwing', () => {
    const header = fc.oneof(fc.string(), fc.array(fc.stringMatching(/^v1=[0-9a-f]{0,64}$/), { maxLength: 4 }).map((s) => s.join(',')), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.record({ 'x-pagerduty-signature': header }, { requiredKeys: [] }), fc.uint8Array({ maxLength: 512 }), (h, bytes) => {
        expect(typeof pagerdutyWebhook.verify(h, Buffer.from(bytes), secrets, now).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every single-byte change to a signed fixture', () => {
    const raw = rawFixture('incident.resolved');
    const headers = headersFor(raw);
    fc.assert(
      fc.property(fc.nat(raw.length - 1), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const changed = Buffer.from(raw);
        changed[at] = (changed[at]! + delta) % 256;
        expect(pagerdutyWebhook.verify(headers, changed, secrets, now).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
