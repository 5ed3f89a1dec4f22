// Integrations: the Datadog alert source — what the edge, config and the start-up notice know of it.
import type { SourceDescriptor } from '../source-descriptor.js';
import { datadogWebhook, type DatadogWebhookSecrets } from './webhook.js';

export const datadogSource = {
  name: 'datadog',
  variables: ['DATADOG_WEBHOOK_SECRET'],
  // Monitor priority; without one, the alert type.
  defaultSeverity: { p1: 'sev1', p2: 'sev2', p3: 'sev3', p4: 'sev4', p5: 'sev4', error: 'sev2', warning: 'sev3', info: 'sev4', success: 'sev4', '*': 'sev3' },
  configured: (env) => (env.datadog.webhookSecret ? { webhookSecret: env.datadog.webhookSecret } : null),
  webhook: datadogWebhook,
} as const satisfies SourceDescriptor<DatadogWebhookSecrets>;
