// Edge: Alertmanager webhook source: `Authorization: Bearer <ALERTMANAGER_TOKEN>`, payload → Alert[].
// Alertmanager sends the token from webhook_config.http_config.authorization.credentials.
import type { Secret } from '../../config/secret.js';
import { verifyBearer } from '../verify.js';
import type { WebhookSource } from '../webhook-source.js';
import { malformed } from '../malformed.js';
import { toAlerts } from './to-alert.js';
import { alertmanagerPayloadSchema } from './webhook.schema.js';

export interface AlertmanagerSecrets {
  token?: Secret;
}

export const alertmanagerWebhook: WebhookSource<AlertmanagerSecrets> = {
  verify(headers, _rawBody, secrets) {
    return verifyBearer(headers, secrets.token, 'ALERTMANAGER_TOKEN');
  },

  parse(_headers, body) {
    const parsed = alertmanagerPayloadSchema.safeParse(body);
    if (!parsed.success) return malformed(parsed.error);
    const alerts = toAlerts(parsed.data);
    // Alertmanager has no delivery id: a redelivery is deduplicated by alert key in the store.
    return {
      ok: true,
      value: { deliveryId: null, alerts, external: [], ignored: alerts.length === 0 ? 'the notification has no alerts' : null },
    };
  },
};
