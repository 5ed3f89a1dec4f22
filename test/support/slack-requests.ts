// Test support: requests as Slack sends them to POST /slack/events — slash commands (form fields),
// interactions (form field `payload` holding JSON), Events API (JSON) — signed with the v0 scheme,
// and a loopback response_url that records what Firebreak posts back to it.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http.js';

export const SLACK_SIGNING_SECRET = 'slack-signing-secret-e2e-4455';

/** `v0=<hex hmac-sha256 of "v0:<ts>:<body>">`, as Slack signs every request it sends. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  secret?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Sent instead of the right signature (to check that a wrong one is refused). */
  signature?: string;
}

export function signedSlackHeaders(body: string, contentType: string, opts: SignOptions = {}): Record<string, string> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': opts.signature ?? slackSignature(opts.secret ?? SLACK_SIGNING_SECRET, timestamp, body),
  };
}

export interface SlackAnswer {
  status: number;
  /** Parsed JSON when the answer was JSON, the text otherwise ('' for an empty ack). */
  body: unknown;
  text: string;
}

async function post(baseUrl: string, body: string, contentType: string, opts: SignOptions): Promise<SlackAnswer> {
  const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', body, headers: signedSlackHeaders(body, contentType, opts) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // An empty ack or a plain-text answer stays text.
  }
  return { status: res.status, body: parsed, text };
}

const FORM = 'application/x-www-form-urlencoded';
const TEAM = { id: 'TFAKE0001', domain: 'fake-firebreak' };

export interface CommandFields {
  text: string;
  user_id: string;
  channel_id: string;
  response_url: string;
  command?: string;
  trigger_id?: string;
}

/** A slash command: the fields Slack posts, form-encoded. */
export function sendCommand(baseUrl: string, fields: CommandFields, opts: SignOptions = {}): Promise<SlackAnswer> {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: fields.channel_id,
    channel_name: 'some-channel',
    user_id: fields.user_id,
    user_name: fields.user_id.toLowerCase(),
    command: fields.command ?? '/incident',
    text: fields.text,
    api_app_id: 'AFIREBREAK',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `trigger-${Math.random().toString(36).slice(2)}`,
  }).toString();
  return post(baseUrl, body, FORM, opts);
}

export interface ButtonClick {
  actionId: string;
  value: string;
  user: string;
  channel: string;
  messageTs: string;
  response_url: string;
}

/** A button pressed on one of our messages: a block_actions payload in the form field `payload`. */
export function sendButtonClick(baseUrl: string, click: ButtonClick, opts: SignOptions = {}): Promise<SlackAnswer> {
  const payload = {
    type: 'block_actions',
    team: TEAM,
    user: { id: click.user, username: click.user.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'AFIREBREAK',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: click.messageTs, channel_id: click.channel, is_ephemeral: false },
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    channel: { id: click.channel, name: 'incident-channel' },
    message: { type: 'message', ts: click.messageTs, text: 'summary' },
    response_url: click.response_url,
    actions: [
      { type: 'button', action_id: click.actionId, block_id: 'summary-actions', value: click.value, action_ts: String(Date.now() / 1000), text: { type: 'plain_text', text: 'Button' } },
    ],
  };
  return post(baseUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, opts);
}

export interface MessageShortcutRequest {
  callbackId: string;
  user: string;
  channel: string;
  message: { ts: string; text: string; user?: string };
  response_url: string;
}

/** A message shortcut (message_action) on a message: a payload in the form field `payload`. */
export function sendMessageShortcut(baseUrl: string, s: MessageShortcutRequest, opts: SignOptions = {}): Promise<SlackAnswer> {
  const payload = {
    type: 'message_action',
    callback_id: s.callbackId,
    team: TEAM,
    user: { id: s.user, username: s.user.toLowerCase(), team_id: TEAM.id, name: s.user.toLowerCase() },
    channel: { id: s.channel, name: 'incident-channel' },
    api_app_id: 'AFIREBREAK',
    token: 'deprecated-verification-token',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    action_ts: String(Date.now() / 1000),
    message_ts: s.message.ts,
    message: { type: 'message', ts: s.message.ts, text: s.message.text, ...(s.message.user !== undefined && { user: s.message.user }) },
    response_url: s.response_url,
  };
  return post(baseUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, opts);
}

/** An Events API request (url_verification, event_callback): JSON. */
export function sendEvent(baseUrl: string, event: Record<string, unknown>, opts: SignOptions = {}): Promise<SlackAnswer> {
  return post(baseUrl, JSON.stringify(event), 'application/json', opts);
}

export interface ResponseUrl {
  /** Pass as response_url: each call gets a path of its own. */
  url(name?: string): string;
  /** What Firebreak posted to response_urls, oldest first. */
  readonly posts: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A loopback stand-in for Slack's response_url endpoint: records every JSON post, answers ok. */
export async function startResponseUrl(): Promise<ResponseUrl> {
  const posts: ResponseUrl['posts'] = [];
  const server = createServer((req, res) => {
    readBody(req)
      .then((text) => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          body = { unparsed: text };
        }
        posts.push({ path: req.url ?? '/', body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      })
      .catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let n = 0;
  return {
    url: (name = 'r') => `http://127.0.0.1:${port}/${name}-${++n}`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

