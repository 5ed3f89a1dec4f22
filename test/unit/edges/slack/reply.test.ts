// Test: answering within Slack's 3 s — quick answers in the ack, slow ones through response_url, a
// form only after the ack, and never internal error text.
import { describe, expect, it, vi } from 'vitest';
import type { ModalView } from '@slack/types';
import { replyWithin, SORRY, type ReplyIo } from '../../../../src/edges/slack/reply.js';

function io(over: Partial<ReplyIo> = {}) {
  const said: Array<[string, unknown]> = [];
  const logged: Array<[string, object, string | undefined]> = [];
  const log = {
    debug: () => {}, info: () => {},
    warn: (o: object, m?: string) => void logged.push(['warn', o, m]),
    error: (o: object, m?: string) => void logged.push(['error', o, m]),
  };
  const value: ReplyIo = {
    ack: async (r) => void said.push(['ack', r]),
    respond: async (r) => void said.push(['respond', r]),
    openModal: async (v) => void said.push(['modal', v.callback_id]),
    log,
    ...over,
  };
  return { io: value, said, logged };
}

const modal = { type: 'modal', callback_id: 'incident.declare_modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } as ModalView;

describe('replyWithin', () => {
  it('answers a quick reply in the ack', async () => {
    const t = io();
    await replyWithin(t.io, async () => 'Acknowledged incident #1.');
    expect(t.said).toEqual([['ack', { response_type: 'ephemeral', text: 'Acknowledged incident #1.' }]]);
  });

  it('acks before opening a form, and explains when the form cannot be opened', async () => {
    const t = io({ openModal: async () => Promise.reject(new Error('expired_trigger_id')) });
    await replyWithin(t.io, async () => ({ modal, unavailable: 'Declare with a title instead.' }));
    expect(t.said).toEqual([['ack', undefined], ['respond', { response_type: 'ephemeral', text: 'Declare with a title instead.' }]]);
    expect(t.logged[0]).toMatchObject(['warn', { err: 'expired_trigger_id' }, 'could not open a Slack modal']);
  });

  it('never shows internal error text: the user reads a retry hint, the log gets the message and stack', async () => {
    const t = io();
    await replyWithin(t.io, async () => Promise.reject(new Error('relation "workflows" does not exist at pg/lib/client.js:12')));
    expect(t.said).toEqual([['ack', { response_type: 'ephemeral', text: SORRY }]]);
    expect(JSON.stringify(t.said)).not.toContain('relation');
    expect(t.logged).toEqual([['error', { err: 'relation "workflows" does not exist at pg/lib/client.js:12', stack: expect.stringContaining('reply.test.ts') }, 'slack command failed']]);
  });

  it('acks "working on it" when the work is slow, then follows up through response_url', async () => {
    vi.useFakeTimers();
    try {
      const t = io();
      let finish!: (text: string) => void;
      const done = replyWithin(t.io, () => new Promise<string>((r) => (finish = r)));
      await vi.advanceTimersByTimeAsync(2_000);
      expect(t.said).toEqual([['ack', { response_type: 'ephemeral', text: '⏳ Working on it…' }]]);
      finish('Resolved incident #3.');
      await done;
      expect(t.said[1]).toEqual(['respond', { response_type: 'ephemeral', text: 'Resolved incident #3.' }]);
    } finally {
      vi.useRealTimers();
    }
  });
});
