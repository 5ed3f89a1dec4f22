// Remediation: the `webhook` executor — one signed JSON POST per approved action to a webhook named
// in `escalation.webhooks` (the page webhooks' URL, secret and signing scheme: see README.md here),
// with a timeout; any 2xx means done. The Idempotency-Key is the request id, so a receiver can drop
// a repeat; Firebreak still treats the call as not idempotent (a receiver may not honour the key),
// so a lost answer is "outcome unknown" for a human, never a blind re-send.
import { z } from 'zod';
import { durationAtLeast } from '../../config/duration.js';
import type { ExecutionRequest, Executor, PortResult } from '../../effects/ports.js';
import { scrub } from '../http.js';
import { classifyWebhookResponse, describeFailure, signPage, type WebhookTargetConfig } from './pager.js';

export const WEBHOOK_EXECUTOR = 'webhook';
export const ACTION_BODY_TYPE = 'firebreak.action';
export const ACTION_BODY_VERSION = 1;
const DETAIL_MAX = 200;

export const webhookActionSettingsSchema = z
  .strictObject({
    webhook: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected the name of a webhook under escalation.webhooks' }).describe('The webhook (under escalation.webhooks) that receives the action: its URL, signing secret and timeout.'),
    timeout: durationAtLeast(100).optional().describe('Overrides the webhook\'s own timeout for this action.'),
  })
  .describe('A signed JSON POST to a named webhook; a 2xx answer means done.');

export interface WebhookExecutorOptions {
  /** The same map the page webhooks use (main.ts builds it from escalation.webhooks and their secrets). */
  webhooks: Record<string, WebhookTargetConfig>;
  fetch?: typeof fetch;
  now?: () => number;
  userAgent?: string;
}

/** The JSON body: snake_case like the page body; `params` exactly as approved. */
export function actionBody(req: ExecutionRequest): string {
  return JSON.stringify({ type: ACTION_BODY_TYPE, version: ACTION_BODY_VERSION, request_id: req.requestId, kind: req.kind, action: req.action, params: req.params, note: req.note });
}

/** What a receiver may answer in a 2xx body to enrich the result: a one-line detail and an https link. */
function receiverSays(text: string, secrets: string[]): { detail?: string; link?: string } {
  try {
    const body = JSON.parse(text) as { detail?: unknown; link?: unknown };
    const out: { detail?: string; link?: string } = {};
    if (typeof body.detail === 'string' && body.detail.trim() !== '') {
      const line = scrub(body.detail.replace(/\s+/g, ' ').trim(), secrets);
      out.detail = line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX - 1)}…` : line;
    }
    if (typeof body.link === 'string' && /^https:\/\/[^\s]+$/.test(body.link) && URL.canParse(body.link)) out.link = body.link;
    return out;
  } catch {
    return {};
  }
}

const giveUp = (message: string): PortResult<never> => ({ ok: false, error: { kind: 'give-up', message } });

export function createWebhookExecutor(opts: WebhookExecutorOptions): Executor {
  const send = opts.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  const now = opts.now ?? Date.now;

  return {
    name: WEBHOOK_EXECUTOR,
    idempotent: false,
    kinds: ['run', 'block_ip', 'unblock_ip', 'disable_account', 'enable_account', 'rollback'],
    configured: () => Object.keys(opts.webhooks).length > 0,
    async execute(req, signal) {
      const parsed = webhookActionSettingsSchema.safeParse(req.settings);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return giveUp(`webhook settings${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
      }
      const name = parsed.data.webhook;
      const where = `webhook ${name}`;
      const hook = Object.hasOwn(opts.webhooks, name) ? opts.webhooks[name] : undefined;
      if (!hook) return giveUp(`${where}: not configured (escalation.webhooks.${name})`);
      const timeoutMs = parsed.data.timeout ?? hook.timeoutMs;

      const body = actionBody(req);
      const timestamp = String(Math.floor(now() / 1000));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': opts.userAgent ?? 'Firebreak',
        'idempotency-key': req.requestId,
        'x-firebreak-timestamp': timestamp,
      };
      const secret = hook.secret?.reveal();
      if (secret) headers['x-firebreak-signature'] = signPage(secret, timestamp, body);

      let res: Response;
      try {
        // No redirects: a POST turned into a GET by a 302 would "succeed" without doing anything.
        res = await send(hook.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
      } catch (err) {
        return { ok: false, error: { kind: 'retry', message: `${where}: request failed: ${describeFailure(err, timeoutMs)}` } };
      }
      const text = await res.text().catch(() => '');
      if (res.status < 200 || res.status >= 300) return { ok: false, error: classifyWebhookResponse(res.status, res.headers.get('retry-after'), where, now()) };
      const says = receiverSays(text, secret ? [secret] : []);
      return {
        ok: true,
        value: { detail: `${req.action}: delivered to ${where} (HTTP ${res.status})${says.detail ? `: ${says.detail}` : ''}`, reference: req.requestId, ...(says.link ? { link: says.link } : {}) },
      };
    },
  };
}
