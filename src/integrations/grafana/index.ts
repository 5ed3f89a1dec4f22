// Integrations: the Grafana Alerting source — what the edge, config and the start-up notice know of it.
import type { SourceDescriptor } from '../source-descriptor.js';
import { SEVERITY_LABELS } from '../severity-labels.js';
import { grafanaWebhook, type GrafanaSecrets } from './webhook.js';

export const grafanaSource = {
  name: 'grafana',
  // Either opens the endpoint: the HMAC secret (signed, timestamped) or the Bearer token.
  variables: ['GRAFANA_WEBHOOK_SECRET', 'GRAFANA_TOKEN'],
  defaultSeverity: SEVERITY_LABELS,
  configured: ({ grafana }) => (grafana.token || grafana.webhookSecret ? { token: grafana.token, webhookSecret: grafana.webhookSecret } : null),
  webhook: grafanaWebhook,
} as const satisfies SourceDescriptor<GrafanaSecrets>;
