// Integrations: a deploy event from any CD system (POST /webhooks/deploy), signed with
// DEPLOY_WEBHOOK_SECRET the way Firebreak signs its own webhooks: `X-Firebreak-Timestamp` (Unix
// seconds) and `X-Firebreak-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`.
import { z } from 'zod';
import type { Secret } from '../../config/secret.js';
import { constantTimeEqual, headerValue, hmacSha256Hex, revealed, signedDigest } from '../verify.js';
import type { Headers, VerifyResult } from '../webhook-source.js';

/** Signatures older (or newer) than this are refused: a captured delivery cannot be replayed later. */
export const MAX_SKEW_MS = 5 * 60_000;

const text = (max: number) => z.string().trim().min(1).max(max);

export const deployEventSchema = z.strictObject({
  /** The sender's id for this deploy: a redelivery with the same id is stored once. */
  id: text(200).optional(),
  service: text(200),
  environment: text(100).optional(),
  version: text(200).optional(),
  repository: text(200).optional(),
  url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  description: text(1000).optional(),
  actor: text(200).optional(),
  /** ISO 8601; absent: when it arrived. */
  deployed_at: z.iso.datetime({ offset: true }).optional(),
});

export type DeployEvent = z.output<typeof deployEventSchema>;

export function verifyDeploySignature(headers: Headers, rawBody: Buffer, secret: Secret | undefined, now: Date): VerifyResult {
  const key = revealed(secret);
  if (key === null) return { ok: false, error: { kind: 'missing-auth', message: 'DEPLOY_WEBHOOK_SECRET is not configured' } };
  const timestamp = headerValue(headers, 'x-firebreak-timestamp')?.trim();
  const signature = headerValue(headers, 'x-firebreak-signature')?.trim();
  if (!timestamp || !signature) return { ok: false, error: { kind: 'missing-auth', message: 'X-Firebreak-Timestamp and X-Firebreak-Signature are required' } };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, error: { kind: 'bad-signature', message: 'X-Firebreak-Timestamp is not Unix seconds' } };
  const expected = `sha256=${hmacSha256Hex(key, timestamp, '.', rawBody)}`;
  if (!constantTimeEqual(signature, expected)) return { ok: false, error: { kind: 'bad-signature', message: 'signature does not match' } };
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > MAX_SKEW_MS) return { ok: false, error: { kind: 'stale', message: 'timestamp is more than 5 minutes away' } };
  return { ok: true, signed: signedDigest(timestamp, '.', rawBody) };
}

export type DeployParse = { ok: true; value: DeployEvent } | { ok: false; field: string; message: string };

export function parseDeployEvent(body: unknown): DeployParse {
  const r = deployEventSchema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, field: issue.path.length > 0 ? issue.path.join('.') : 'body', message: issue.message };
}
