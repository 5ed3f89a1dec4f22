// Integrations: the Sentry alert source — what the edge, config and the start-up notice know of it.
import type { SourceDescriptor } from '../source-descriptor.js';
import { sentryWebhook, type SentryWebhookSecrets } from './webhook.js';

export const sentrySource = {
  name: 'sentry',
  variables: ['SENTRY_WEBHOOK_SECRET'],
  // Event level; metric alerts say critical / warning.
  defaultSeverity: { fatal: 'sev1', critical: 'sev2', error: 'sev2', warning: 'sev3', info: 'sev4', debug: 'sev4', '*': 'sev3' },
  configured: (env) => (env.sentry.webhookSecret ? { webhookSecret: env.sentry.webhookSecret } : null),
  webhook: sentryWebhook,
} as const satisfies SourceDescriptor<SentryWebhookSecrets>;
