// Edge: POST /slack/events on our own HTTP server, as a Bolt receiver. Verifies Slack's signature
// on the raw bytes (and rejects requests more than 5 minutes old or in the future), parses the three
// body shapes Slack sends, and answers with whatever the listener acks — within Slack's 3 s.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../observability/observer.js';
import { readBody } from '../webhooks/read-body.js';
import { sendJson } from '../http/server.js';
import { errorFields } from './reply.js';

const MAX_BODY = 1024 * 1024;
/** Slack's replay window: a request signed more than 5 minutes from our clock, either way, is refused. */
const MAX_SKEW_S = 5 * 60;
/** Slack gives 3 s; answer empty just before, so a slow listener is a late message, not an error. */
const ACK_DEADLINE_MS = 2_800;

export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly opts: { signingSecret: string; log: Logger; now?: () => number }) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req, MAX_BODY);
    if (!raw.ok) return sendJson(res, raw.error === 'too-large' ? 413 : 400, { error: raw.error });
    const body = raw.body.toString('utf8');
    // Slack checks a command URL's certificate with an unsigned `ssl_check=1` form POST: it only
    // needs a 200, and nothing else is read from it.
    if (isSslCheck(body, String(req.headers['content-type'] ?? ''))) return void res.writeHead(200).end();
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const nowMs = this.opts.now?.() ?? Date.now();
    try {
      // Bolt refuses stale timestamps only; one far ahead of our clock is as replayable, so refuse it too.
      if (timestamp > nowMs / 1000 + MAX_SKEW_S) throw new Error('x-slack-request-timestamp is in the future');
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body,
        headers: { 'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''), 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
    } catch {
      return sendJson(res, 401, { error: 'invalid Slack signature or timestamp' });
    }

    const parsed = parseSlackBody(body, String(req.headers['content-type'] ?? ''));
    if (parsed === null) return sendJson(res, 400, { error: 'unreadable Slack request body' });
    if (parsed.type === 'url_verification') return sendJson(res, 200, { challenge: parsed.challenge });
    if (!this.app) return sendJson(res, 503, { error: 'not ready' });

    let answered = false;
    const answer = (status: number, payload: unknown) => {
      if (answered) return;
      answered = true;
      clearTimeout(deadline);
      if (payload === undefined || payload === '') {
        res.writeHead(status).end();
      } else if (typeof payload === 'string') {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(payload);
      } else {
        sendJson(res, status, payload);
      }
    };
    const deadline = setTimeout(() => answer(200, undefined), ACK_DEADLINE_MS);
    const event: ReceiverEvent = {
      body: parsed,
      ack: async (response) => answer(200, response),
      ...(req.headers['x-slack-retry-num'] !== undefined && { retryNum: Number(req.headers['x-slack-retry-num']) }),
      ...(req.headers['x-slack-retry-reason'] !== undefined && { retryReason: String(req.headers['x-slack-retry-reason']) }),
    };
    try {
      await this.app.processEvent(event);
    } catch (err) {
      this.opts.log.error(errorFields(err), 'slack listener failed');
      answer(200, undefined);
    }
  };
}

function isSslCheck(body: string, contentType: string): boolean {
  if (!contentType.includes('application/x-www-form-urlencoded')) return false;
  const form = new URLSearchParams(body);
  return form.get('ssl_check') === '1' && !form.has('command') && !form.has('payload');
}

/** Slash commands: form fields. Interactions: form field `payload` holding JSON. Events API: JSON. */
export function parseSlackBody(body: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
    const form = Object.fromEntries(new URLSearchParams(body));
    if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
    return form;
  } catch {
    return null;
  }
}
