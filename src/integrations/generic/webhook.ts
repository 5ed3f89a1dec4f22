// Edge: generic JSON webhook source: `Authorization: Bearer <WEBHOOK_TOKEN>`, our own payload → Alert[].
import type { Secret } from '../../config/secret.js';
import { verifyBearer } from '../verify.js';
import type { ParseResult, WebhookSource } from '../webhook-source.js';
import { malformed } from '../malformed.js';
import { toAlert } from './to-alert.js';
import { genericAlertSchema, genericBatchSchema } from './webhook.schema.js';

export interface GenericSecrets {
  token?: Secret;
}

const isBatch = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'alerts');

export const genericWebhook: WebhookSource<GenericSecrets> = {
  verify(headers, _rawBody, secrets) {
    return verifyBearer(headers, secrets.token, 'WEBHOOK_TOKEN');
  },

  parse(_headers, body): ParseResult {
    let alerts;
    if (isBatch(body)) {
      const parsed = genericBatchSchema.safeParse(body);
      if (!parsed.success) return malformed(parsed.error);
      alerts = parsed.data.alerts.map(toAlert);
    } else {
      const parsed = genericAlertSchema.safeParse(body);
      if (!parsed.success) return malformed(parsed.error);
      alerts = [toAlert(parsed.data)];
    }
    return {
      ok: true,
      value: { deliveryId: null, alerts, external: [], ignored: alerts.length === 0 ? 'the batch has no alerts' : null },
    };
  },
};
