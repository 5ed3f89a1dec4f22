// Integrations: the contract every alert source's webhook module satisfies. The edge
// (edges/webhooks) does HTTP; a source only verifies bytes and parses JSON into Alerts.
import type { Alert, ExternalIncidentAction } from '../domain/alert.js';

/** Lower-cased header names, as node:http gives them. */
export type Headers = Record<string, string | string[] | undefined>;

export type VerifyResult =
  | {
      ok: true;
      /**
       * `sha256:<hex>` of exactly the bytes the signature covered, for sources that sign: the same
       * signed bytes again are a replay, whatever unsigned headers (a fresh delivery id) came with them.
       */
      signed?: string;
    }
  | { ok: false; error: { kind: 'bad-signature' | 'stale' | 'missing-auth'; message: string } };

export type ParseResult =
  | {
      ok: true;
      value: {
        /**
         * The delivery's identity, from the body (PagerDuty `event.id`, Datadog `id`): a redelivery
         * changes nothing. Never an unsigned header, which a replay could change at will. Null:
         * the edge uses the signed digest from verify(), if any.
         */
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
  /** Constant-time check over the exact bytes received, before any parsing. */
  verify(headers: Headers, rawBody: Buffer, secrets: Secrets, now: Date): VerifyResult;
  parse(headers: Headers, body: unknown): ParseResult;
}
