// Edge: Grafana Alerting webhook source: HMAC-SHA256 signature or a Bearer token, payload → Alert[].
import type { Secret } from '../../config/secret.js';
import { constantTimeEqual, headerValue, hmacSha256Hex, revealed, signedDigest, verifyBearer } from '../verify.js';
import type { Headers, VerifyResult, WebhookSource } from '../webhook-source.js';
import { malformed } from '../malformed.js';
import { toAlerts } from './to-alert.js';
import { grafanaPayloadSchema } from './webhook.schema.js';

export interface GrafanaSecrets {
  token?: Secret;
  webhookSecret?: Secret;
}

/**
 * The contact point's "HMAC Signature → Header". Grafana's docs and settings placeholder name
 * X-Grafana-Alerting-Signature as the default; grafana/alerting's http/hmac.go falls back to
 * X-Grafana-Alert-Signature when the field is left empty, so both are read.
 */
export const SIGNATURE_HEADERS = ['x-grafana-alerting-signature', 'x-grafana-alert-signature'] as const;
/** Grafana has no default timestamp header: set "Timestamp Header" to this name on the contact point. */
export const TIMESTAMP_HEADER_NAME = 'X-Grafana-Alerting-Timestamp';
export const TIMESTAMP_HEADER = TIMESTAMP_HEADER_NAME.toLowerCase();
export const MAX_SKEW_SECONDS = 300;

type Failure = Extract<VerifyResult, { ok: false }>;
const fail = (kind: Failure['error']['kind'], message: string): Failure => ({ ok: false, error: { kind, message } });

/**
 * Grafana signs the exact body; with a timestamp header it signs `<ts>:<body>` where ts is Unix
 * seconds (hmac.go: strconv.FormatInt(clk.Now().Unix(), 10)). The signature is lower-case hex.
 * The timestamp is required: a signature over the body alone never expires, so a captured request
 * could be replayed at any later time. Within the window, the digest of `<ts>:<body>` makes a
 * replay a duplicate.
 */
export function verifySignature(headers: Headers, rawBody: Buffer, secret: string, now: Date): VerifyResult {
  const given = SIGNATURE_HEADERS.map((name) => headerValue(headers, name)).find((v) => v !== undefined);
  if (given === undefined) return fail('missing-auth', 'no X-Grafana-Alerting-Signature header');
  const signature = given.trim().toLowerCase();
  const timestamp = headerValue(headers, TIMESTAMP_HEADER);
  if (timestamp === undefined) {
    return constantTimeEqual(signature, hmacSha256Hex(secret, rawBody))
      ? fail('bad-signature', `no ${TIMESTAMP_HEADER_NAME} header: set the contact point's HMAC "Timestamp Header" to ${TIMESTAMP_HEADER_NAME} (a signature without a timestamp could be replayed forever)`)
      : fail('bad-signature', 'X-Grafana-Alerting-Signature does not match GRAFANA_WEBHOOK_SECRET');
  }
  if (!constantTimeEqual(signature, hmacSha256Hex(secret, timestamp, ':', rawBody))) {
    return fail('bad-signature', 'X-Grafana-Alerting-Signature does not match GRAFANA_WEBHOOK_SECRET');
  }
  if (!/^\d{1,15}$/.test(timestamp)) return fail('bad-signature', `${TIMESTAMP_HEADER_NAME} is not Unix seconds`);
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  // Written as !(≤) so that a NaN skew (an invalid clock) is stale, never fresh.
  return !(skew <= MAX_SKEW_SECONDS)
    ? fail('stale', `${TIMESTAMP_HEADER_NAME} is ${Math.round(skew)} s from now (at most ${MAX_SKEW_SECONDS} s)`)
    : { ok: true, signed: signedDigest(timestamp, ':', rawBody) };
}

/** Order of failures worth reporting: a genuine but stale request, then a wrong credential, then none sent. */
const RANK: Record<Failure['error']['kind'], number> = { stale: 0, 'bad-signature': 1, 'missing-auth': 2 };

export const grafanaWebhook: WebhookSource<GrafanaSecrets> = {
  /** Either configured method passes: the HMAC signature (GRAFANA_WEBHOOK_SECRET) or the Bearer token (GRAFANA_TOKEN). */
  verify(headers, rawBody, secrets, now) {
    const secret = revealed(secrets.webhookSecret);
    const failures: Failure[] = [];
    if (secret !== null) {
      const signed = verifySignature(headers, rawBody, secret, now);
      if (signed.ok) return signed;
      failures.push(signed);
    }
    if (revealed(secrets.token) !== null) {
      const bearer = verifyBearer(headers, secrets.token, 'GRAFANA_TOKEN');
      if (bearer.ok) return bearer;
      failures.push(bearer);
    }
    failures.sort((a, b) => RANK[a.error.kind] - RANK[b.error.kind]);
    return failures[0] ?? fail('bad-signature', 'neither GRAFANA_WEBHOOK_SECRET nor GRAFANA_TOKEN is configured');
  },

  parse(_headers, body) {
    const parsed = grafanaPayloadSchema.safeParse(body);
    if (!parsed.success) return malformed(parsed.error);
    const alerts = toAlerts(parsed.data);
    // Grafana sends no delivery id: a redelivery is deduplicated by alert key in the store.
    return {
      ok: true,
      value: { deliveryId: null, alerts, external: [], ignored: alerts.length === 0 ? 'the notification has no alerts' : null },
    };
  },
};
