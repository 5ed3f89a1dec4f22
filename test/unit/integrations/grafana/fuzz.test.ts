// Tests: Grafana webhook parse and verify under property-based fuzzing
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { hmacSha256Hex } from '../../../../src/integrations/verify.js';
import { grafanaWebhook } from '../../../../src/integrations/grafana/webhook.js';
import { fixture } from '../alertmanager/fixtures.js';
import { anyBytes, anyInstant, expectParseAnswer, expectVerifyAnswer, hostileHeaders, mutatedFixture } from '../alertmanager/fuzz-support.js';

const FIXTURES = ['firing.json', 'partial-resolve.json', 'resolved.json'].map((name) => fixture('grafana', name));

describe('grafana webhook under fuzzing', () => {
  it('answers any JSON value with ok or a malformed error, never a throw', () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => expectParseAnswer(grafanaWebhook.parse({}, body))), { numRuns: 500 });
  });

  it('answers any value at all (not only JSON) without throwing', () => {
    fc.assert(fc.property(fc.anything(), (body) => expectParseAnswer(grafanaWebhook.parse({}, body))), { numRuns: 300 });
  });

  it('answers mutated fixtures with ok or a malformed error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES).chain(mutatedFixture), (body) => expectParseAnswer(grafanaWebhook.parse({}, body))),
      { numRuns: 1000 },
    );
  });

  it('verifies arbitrary bytes, headers and clocks without throwing', () => {
    const secrets = fc.constantFrom({}, { token: new Secret('') }, { token: new Secret('t') }, { webhookSecret: new Secret('s') }, { token: new Secret('t'), webhookSecret: new Secret('s') });
    const names = ['authorization', 'x-grafana-alerting-signature', 'x-grafana-alert-signature', 'x-grafana-alerting-timestamp'];
    const clock = fc.oneof(anyInstant, fc.constant(new Date(Number.NaN)));
    fc.assert(
      fc.property(hostileHeaders(names), anyBytes, secrets, clock, (headers, bytes, s, now) =>
        expectVerifyAnswer(grafanaWebhook.verify(headers, bytes, s, now)),
      ),
      { numRuns: 1000 },
    );
  });

  it('accepts any body signed with the secret at a timestamp within five minutes', () => {
    const recent = fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(anyBytes, fc.string({ minLength: 1 }), recent, fc.integer({ min: -299, max: 300 }), (bytes, secret, now, offset) => {
        const ts = String(Math.floor(now.getTime() / 1000) + offset);
        const headers = { 'x-grafana-alerting-signature': hmacSha256Hex(secret, `${ts}:`, bytes), 'x-grafana-alerting-timestamp': ts };
        expect(grafanaWebhook.verify(headers, bytes, { webhookSecret: new Secret(secret) }, now)).toMatchObject({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a signed request when the clock is broken', () => {
    const ts = '1772443200';
    const bytes = Buffer.from('{}');
    const headers = { 'x-grafana-alerting-signature': hmacSha256Hex('s', `${ts}:`, bytes), 'x-grafana-alerting-timestamp': ts };
    expect(grafanaWebhook.verify(headers, bytes, { webhookSecret: new Secret('s') }, new Date(Number.NaN))).toMatchObject({ ok: false, error: { kind: 'stale' } });
  });
});
