// Edge: Datadog webhook source. Datadog cannot sign, so the shared secret travels as a header
// (X-Firebreak-Token) or as the HTTP Basic password in the webhook URL.
import type { Secret } from '../../config/secret.js';
import type { Headers, ParseResult, VerifyResult, WebhookSource } from '../webhook-source.js';
import { constantTimeEqual, headerValue, revealed } from '../verify.js';
import { toAlert } from './to-alert.js';
import { datadogWebhookSchema } from './webhook.schema.js';
import { malformed } from '../malformed.js';

export interface DatadogWebhookSecrets {
  /** DATADOG_WEBHOOK_SECRET */
  webhookSecret: Secret;
}

export const TOKEN_HEADER = 'x-firebreak-token';

/** The password of `Authorization: Basic base64(user:password)`; any user name. */
export function basicPassword(headers: Headers): string | null {
  const value = headerValue(headers, 'authorization')?.trim();
  const match = value ? /^basic[ \t]+([A-Za-z0-9+/=_-]+)$/i.exec(value) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

function verify(headers: Headers, _rawBody: Buffer, secrets: DatadogWebhookSecrets): VerifyResult {
  const expected = revealed(secrets.webhookSecret);
  if (expected === null) return { ok: false, error: { kind: 'bad-signature', message: 'DATADOG_WEBHOOK_SECRET is not configured' } };
  const token = headerValue(headers, TOKEN_HEADER);
  const password = basicPassword(headers);
  if (token === undefined && password === null) {
    return { ok: false, error: { kind: 'missing-auth', message: 'no X-Firebreak-Token header and no Basic credentials' } };
  }
  // Both are checked whatever the first says, so the time taken does not tell which one was wrong.
  const tokenOk = token !== undefined && constantTimeEqual(token, expected);
  const passwordOk = password !== null && constantTimeEqual(password, expected);
  return tokenOk || passwordOk
    ? { ok: true }
    : { ok: false, error: { kind: 'bad-signature', message: 'the Datadog webhook credentials do not match DATADOG_WEBHOOK_SECRET' } };
}

function parse(_headers: Headers, body: unknown): ParseResult {
  const parsed = datadogWebhookSchema.safeParse(body);
  if (!parsed.success) return malformed(parsed.error);
  const p = parsed.data;
  const alert = toAlert(p, body);
  const deliveryId = p.id.trim() !== '' ? p.id.trim() : null;
  if (alert === null) {
    return { ok: true, value: { deliveryId, alerts: [], external: [], ignored: `alert_transition "${p.alert_transition}" is not one Firebreak acts on` } };
  }
  return { ok: true, value: { deliveryId, alerts: [alert], external: [], ignored: null } };
}

export const datadogWebhook: WebhookSource<DatadogWebhookSecrets> = {
  verify,
  parse,
};
