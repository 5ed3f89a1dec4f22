// Tests: generic webhook parse and verify under property-based fuzzing
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import { genericWebhook } from '../../../../src/integrations/generic/webhook.js';
import { fixture } from '../alertmanager/fixtures.js';
import { anyBytes, anyInstant, expectParseAnswer, expectVerifyAnswer, hostileHeaders, mutatedFixture } from '../alertmanager/fuzz-support.js';

const FIXTURES = ['firing.json', 'resolved.json', 'batch.json'].map((name) => fixture('generic', name));

describe('generic webhook under fuzzing', () => {
  it('answers any JSON value with ok or a malformed error, never a throw', () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => expectParseAnswer(genericWebhook.parse({}, body))), { numRuns: 500 });
  });

  it('answers any value at all (not only JSON) without throwing', () => {
    fc.assert(fc.property(fc.anything(), (body) => expectParseAnswer(genericWebhook.parse({}, body))), { numRuns: 300 });
  });

  it('answers mutated fixtures with ok or a malformed error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES).chain(mutatedFixture), (body) => expectParseAnswer(genericWebhook.parse({}, body))),
      { numRuns: 1000 },
    );
  });

  it('verifies arbitrary bytes and headers without throwing', () => {
    const secrets = fc.constantFrom({}, { token: new Secret('') }, { token: new Secret('generic-token') });
    fc.assert(
      fc.property(hostileHeaders(['authorization']), anyBytes, secrets, anyInstant, (headers, bytes, s, now) =>
        expectVerifyAnswer(genericWebhook.verify(headers, bytes, s, now)),
      ),
      { numRuns: 500 },
    );
  });
});
