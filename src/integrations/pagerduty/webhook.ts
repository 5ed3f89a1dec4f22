// Edge: PagerDuty v3 webhook source. X-PagerDuty-Signature holds one or more `v1=<hex HMAC-SHA256
// of the body>` (more than one while PagerDuty rotates the secret); one match is enough.
import type { Secret } from '../../config/secret.js';
import type { Headers, ParseResult, VerifyResult, WebhookSource } from '../webhook-source.js';
import { constantTimeEqual, headerValue, hmacSha256Hex, revealed, signedDigest } from '../verify.js';
import { toAlert, toExternal, toStatusAlert } from './to-alert.js';
import { INCIDENT_ACTIONS, pagerdutyEnvelopeSchema, pagerdutyIncidentActionSchema, pagerdutyIncidentTriggeredSchema } from './webhook.schema.js';
import { malformed } from '../malformed.js';
import { nonEmpty } from '../normalize.js';

export interface PagerDutyWebhookSecrets {
  /** PAGERDUTY_WEBHOOK_SECRET: the webhook subscription's signing secret. */
  webhookSecret: Secret;
}

/** The hex digests of every `v1=` entry; other versions are not ours to check. */
export function v1Signatures(header: string): string[] {
  return header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3).trim().toLowerCase());
}

function verify(headers: Headers, rawBody: Buffer, secrets: PagerDutyWebhookSecrets): VerifyResult {
  const key = revealed(secrets.webhookSecret);
  if (key === null) return { ok: false, error: { kind: 'bad-signature', message: 'PAGERDUTY_WEBHOOK_SECRET is not configured' } };
  const header = headerValue(headers, 'x-pagerduty-signature');
  if (header === undefined) return { ok: false, error: { kind: 'missing-auth', message: 'no X-PagerDuty-Signature header' } };
  const expected = hmacSha256Hex(key, rawBody);
  // Every candidate is compared, so the time taken does not say which one matched.
  let matched = false;
  for (const given of v1Signatures(header)) matched = constantTimeEqual(given, expected) || matched;
  return matched
    ? { ok: true, signed: signedDigest(rawBody) }
    : { ok: false, error: { kind: 'bad-signature', message: 'no v1 signature in X-PagerDuty-Signature matches the body' } };
}


const quoted = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

function parse(_headers: Headers, body: unknown): ParseResult {
  const envelope = pagerdutyEnvelopeSchema.safeParse(body);
  if (!envelope.success) return malformed(envelope.error);
  // The signed event.id, not the X-Webhook-Id header: a captured body replayed with a fresh header
  // is still the same event, and the store answers its repeat with "duplicate" (no second acknowledge).
  const deliveryId = nonEmpty(envelope.data.event.id);
  const type = envelope.data.event.event_type;

  if (type === 'incident.triggered') {
    const p = pagerdutyIncidentTriggeredSchema.safeParse(body);
    if (!p.success) return malformed(p.error);
    // Both: the edge keeps the action if Firebreak paged this incident, else the alert.
    return { ok: true, value: { deliveryId, alerts: [toAlert(p.data, body)], external: [toExternal(p.data)], ignored: null } };
  }
  if ((INCIDENT_ACTIONS as readonly string[]).includes(type)) {
    const p = pagerdutyIncidentActionSchema.safeParse(body);
    if (!p.success) return malformed(p.error);
    const statusAlert = toStatusAlert(p.data, body);
    return { ok: true, value: { deliveryId, alerts: statusAlert ? [statusAlert] : [], external: [toExternal(p.data)], ignored: null } };
  }
  const why = type === 'pagey.ping' ? 'pagey.ping: PagerDuty checking the endpoint' : `event type ${quoted(type)} is not one Firebreak acts on`;
  return { ok: true, value: { deliveryId, alerts: [], external: [], ignored: why } };
}

export const pagerdutyWebhook: WebhookSource<PagerDutyWebhookSecrets> = {
  verify,
  parse,
};
