// Tests: sharing a file through the Chat port (files.uploadV2 → getUploadURLExternal, the bytes to the
// upload URL, completeUploadExternal) against the fake Slack Web API; failures come back as values.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChat } from '../../../src/integrations/slack/chat.js';
import { createSlackClient } from '../../../src/integrations/slack/client.js';
import { createChatPort } from '../../../src/integrations/slack/port.js';
import type { Chat } from '../../../src/effects/ports.js';
import { createChannel } from '../../e2e/slack/harness.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';

let fake: FakeSlack;
let chat: Chat;
beforeEach(async () => {
  fake = await startFakeSlack();
  chat = createChatPort(createSlackChat(createSlackClient({ token: 'xoxb-test', apiUrl: fake.url, timeoutMs: 2_000 })));
  createChannel(fake, { id: 'CINC1', name: 'inc-1', creator: 'U0ONE' });
});
afterEach(() => fake.close());

describe('Chat.uploadFile', () => {
  it('shares the bytes in the channel with their name, title and an escaped comment', async () => {
    const content = new TextEncoder().encode('# Post-mortem: #1 Checkout\n\nhello ✍️\n');
    const res = await chat.uploadFile('CINC1', { filename: 'postmortem-incident-1.md', title: 'Post-mortem draft #1', content, comment: 'Draft <!channel> ready' });
    expect(res.ok).toBe(true);
    const [file] = fake.state.files;
    expect(file).toMatchObject({ filename: 'postmortem-incident-1.md', title: 'Post-mortem draft #1', channel: 'CINC1', initialComment: 'Draft &lt;!channel&gt; ready' });
    expect(file!.content.toString('utf8')).toBe('# Post-mortem: #1 Checkout\n\nhello ✍️\n');
    expect(res.ok && res.value).toEqual({ fileId: file!.id, permalink: file!.permalink });
  });

  it('answers a Slack refusal as a value the outbox can act on', async () => {
    fake.failNext('files.getUploadURLExternal', { status: 429, retryAfter: 7 });
    const limited = await chat.uploadFile('CINC1', { filename: 'a.md', title: 'a', content: new Uint8Array([1]), comment: null });
    expect(limited.ok).toBe(false);
    expect(!limited.ok && limited.error.kind).toBe('rate-limited');
    const missing = await chat.uploadFile('CNOPE', { filename: 'a.md', title: 'a', content: new Uint8Array([1]), comment: null });
    expect(!missing.ok && missing.error.kind).toBe('give-up');
    expect(fake.state.files).toEqual([]);
  });
});
