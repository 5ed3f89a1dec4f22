// Integrations: the contract every alert source's webhook module satisfies. The edge
// (edges/webhooks) does HTTP; a source only verifies bytes and parses JSON into Alerts.
import type { Alert, AlertSource, ExternalIncidentAction } from '../domain/alert.js';

/** Lower-cased header names, as node:http gives them. */
export type Headers = Record<string, string | string[] | undefined>;

export type VerifyResult = { ok: true } | { ok: false; error: { kind: 'bad-signature' | 'stale' | 'missing-auth'; message: string } };

export type ParseResult =
  | {
      ok: true;
      value: {
        /** The sender's delivery id when it has one (PagerDuty X-Webhook-Id …): redelivery changes nothing. */
        deliveryId: string | null;
        alerts: Alert[];
        /** PagerDuty v3 only: acknowledgements, resolves, reopens for incidents we may have paged. */
        external: ExternalIncidentAction[];
        /** Set when the payload is valid but means nothing to us (a ping, a resource we do not use). */
        ignored: string | null;
      };
    }
  /** `field` names the offending field as a dotted path (`alerts[3].labels`), for the 400 body. */
  | { ok: false; error: { kind: 'malformed'; field: string; message: string } };

export interface WebhookSource<Secrets> {
  readonly name: AlertSource;
  /** Constant-time check over the exact bytes received, before any parsing. */
  verify(headers: Headers, rawBody: Buffer, secrets: Secrets, now: Date): VerifyResult;
  parse(headers: Headers, body: unknown): ParseResult;
}
