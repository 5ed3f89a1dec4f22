// Tests: the outbox's WebClient — a 429 comes back at once as a value to schedule, never a silent wait,
// and nothing is printed.
import { WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSlackClient } from '../../../../src/integrations/slack/client.js';
import { startFakeSlack, type FakeSlack } from '../../../support/fake-slack.js';

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(() => fake.close());

describe('createSlackClient', () => {
  it('sends calls to the given API URL with the bearer token', async () => {
    const client = createSlackClient({ token: 'xoxb-client-test', apiUrl: fake.url });
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: fake.state.botUserId });
  });

  it('rejects a rate-limited call at once with Retry-After, without retrying', async () => {
    const client = createSlackClient({ token: 'xoxb-client-test', apiUrl: fake.url });
    fake.failNext('auth.test', { status: 429, retryAfter: 30 });
    const started = Date.now();
    const err = await client.auth.test().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(30);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fake.calls).toHaveLength(1);
  });

  it('does not retry a failed request itself', async () => {
    const client = createSlackClient({ token: 'xoxb-client-test', apiUrl: fake.url });
    fake.failNext('auth.test', { status: 503 });
    await expect(client.auth.test()).rejects.toThrow();
    expect(fake.calls).toHaveLength(1);
  });

  it('prints nothing to the console, even for warnings', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    try {
      const client = createSlackClient({ token: 'xoxb-client-test', apiUrl: fake.url });
      const { id } = (await client.conversations.create({ name: 'inc-1' })).channel as { id: string };
      // No `text`: WebClient's default logger warns about it.
      await client.chat.postMessage({ channel: id, blocks: [{ type: 'divider' }] });
      await client.auth.test().catch(() => undefined);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
