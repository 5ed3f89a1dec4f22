// E2e (Slack): the edge answers from the first request on, whatever Slack's Web API says at startup —
// acking a command needs no Web API call.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerText, startSlackE2e, type SlackE2e } from './harness.js';

let e: SlackE2e;
beforeEach(async () => {
  e = await startSlackE2e({
    beforeStart: (fake) => {
      // Bolt, given a token, calls auth.test at startup and makes every request wait on that promise.
      fake.failNext('auth.test', { status: 429, retryAfter: 30 });
      fake.failNext('auth.test', 'invalid_auth');
    },
  });
});
afterEach(() => e.stop());

describe('startup while Slack refuses auth.test', () => {
  it('answers /incident at once', async () => {
    const started = Date.now();
    const answer = await e.command('list', { user: 'U0RESPONDER', channel: 'CRANDOM' });
    expect(answer.status).toBe(200);
    expect(answerText(answer)).toBe('No open incidents. 🌤');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
