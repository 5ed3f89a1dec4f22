// Integrations: the Prometheus Alertmanager alert source — what the edge, config and the start-up notice know of it.
import type { SourceDescriptor } from '../source-descriptor.js';
import { SEVERITY_LABELS } from '../severity-labels.js';
import { alertmanagerWebhook, type AlertmanagerSecrets } from './webhook.js';

export const alertmanagerSource = {
  name: 'alertmanager',
  variables: ['ALERTMANAGER_TOKEN'],
  defaultSeverity: SEVERITY_LABELS,
  configured: (env) => (env.alertmanager.token ? { token: env.alertmanager.token } : null),
  webhook: alertmanagerWebhook,
} as const satisfies SourceDescriptor<AlertmanagerSecrets>;
