// Edge: Sentry integration-platform webhook source. Sentry-Hook-Signature is the hex HMAC-SHA256
// of the exact body with the integration's client secret; Sentry-Hook-Resource says what it is.
// Sentry signs the body only: Request-ID (a fresh UUID per send) and Sentry-Hook-Timestamp are not
// covered (sentry_apps/api/serializers/app_platform_event.py), so a replay is recognised by the
// digest of the signed body, and the timestamp is only a sanity check against stale whole requests.
import type { Secret } from '../../config/secret.js';
import type { Headers, ParseResult, VerifyResult, WebhookSource } from '../webhook-source.js';
import { constantTimeEqual, headerValue, hmacSha256Hex, revealed, signedDigest } from '../verify.js';
import { eventAlertToAlert, issueResolvedToAlert, metricAlertToAlert } from './to-alert.js';
import { sentryEnvelopeSchema, sentryEventAlertSchema, sentryIssueSchema, sentryMetricAlertSchema } from './webhook.schema.js';
import { malformed } from '../malformed.js';

export interface SentryWebhookSecrets {
  /** SENTRY_WEBHOOK_SECRET: the integration's Client Secret. */
  webhookSecret: Secret;
}

/** How far Sentry-Hook-Timestamp may be from our clock, either way. */
export const MAX_SKEW_SECONDS = 300;

function verify(headers: Headers, rawBody: Buffer, secrets: SentryWebhookSecrets, now: Date): VerifyResult {
  const key = revealed(secrets.webhookSecret);
  if (key === null) return { ok: false, error: { kind: 'bad-signature', message: 'SENTRY_WEBHOOK_SECRET is not configured' } };
  const given = headerValue(headers, 'sentry-hook-signature');
  if (given === undefined) return { ok: false, error: { kind: 'missing-auth', message: 'no Sentry-Hook-Signature header' } };
  // Over the bytes as sent: Sentry escapes non-ASCII as \uXXXX, so re-serialised JSON would not match.
  if (!constantTimeEqual(given.trim().toLowerCase(), hmacSha256Hex(key, rawBody))) {
    return { ok: false, error: { kind: 'bad-signature', message: 'Sentry-Hook-Signature does not match the body' } };
  }
  const sent = sentAtSeconds(headers);
  if (sent !== null) {
    const skew = Math.abs(now.getTime() / 1000 - sent);
    // Written as !(≤) so that a NaN skew (an invalid clock) is stale, never fresh.
    if (!(skew <= MAX_SKEW_SECONDS)) {
      return { ok: false, error: { kind: 'stale', message: `Sentry-Hook-Timestamp is ${Math.round(skew)} s from now (at most ${MAX_SKEW_SECONDS} s)` } };
    }
  }
  return { ok: true, signed: signedDigest(rawBody) };
}


function ignored(deliveryId: string | null, why: string): ParseResult {
  return { ok: true, value: { deliveryId, alerts: [], external: [], ignored: why } };
}

/** Sentry-Hook-Timestamp: Unix seconds when Sentry sent the request (null when absent or not a number). */
function sentAtSeconds(headers: Headers): number | null {
  const v = headerValue(headers, 'sentry-hook-timestamp')?.trim();
  return v && /^\d{1,11}(\.\d+)?$/.test(v) ? Number(v) : null;
}

/** When Sentry sent the resolution, as ISO 8601. */
function sentAt(headers: Headers): string | null {
  const seconds = sentAtSeconds(headers);
  return seconds === null ? null : new Date(Math.floor(seconds * 1000)).toISOString();
}

const quoted = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

function parse(headers: Headers, body: unknown): ParseResult {
  // Not Request-ID: it is unsigned and new on every send. The edge de-duplicates on the signed digest.
  const deliveryId = null;
  const resource = headerValue(headers, 'sentry-hook-resource')?.trim();
  if (!resource) {
    return { ok: false, error: { kind: 'malformed', field: 'headers.sentry-hook-resource', message: 'no Sentry-Hook-Resource header' } };
  }
  if (resource !== 'event_alert' && resource !== 'metric_alert' && resource !== 'issue') {
    return ignored(deliveryId, `Sentry-Hook-Resource ${quoted(resource)} is not one Firebreak acts on`);
  }
  const envelope = sentryEnvelopeSchema.safeParse(body);
  if (!envelope.success) return malformed(envelope.error);
  const action = envelope.data.action;

  if (resource === 'event_alert') {
    if (action !== 'triggered') return ignored(deliveryId, `event_alert action ${quoted(action)} is not one Firebreak acts on`);
    const p = sentryEventAlertSchema.safeParse(body);
    return p.success ? { ok: true, value: { deliveryId, alerts: [eventAlertToAlert(p.data, body)], external: [], ignored: null } } : malformed(p.error);
  }
  if (resource === 'metric_alert') {
    if (action !== 'critical' && action !== 'warning' && action !== 'resolved') {
      return ignored(deliveryId, `metric_alert action ${quoted(action)} is not one Firebreak acts on`);
    }
    const p = sentryMetricAlertSchema.safeParse(body);
    return p.success ? { ok: true, value: { deliveryId, alerts: [metricAlertToAlert(p.data, body)], external: [], ignored: null } } : malformed(p.error);
  }
  // issue: only a resolution means something to an alert; created / assigned / archived … do not.
  if (action !== 'resolved') return ignored(deliveryId, `issue action ${quoted(action)} is not one Firebreak acts on`);
  const p = sentryIssueSchema.safeParse(body);
  return p.success
    ? { ok: true, value: { deliveryId, alerts: [issueResolvedToAlert(p.data, body, sentAt(headers))], external: [], ignored: null } }
    : malformed(p.error);
}

export const sentryWebhook: WebhookSource<SentryWebhookSecrets> = {
  verify,
  parse,
};
