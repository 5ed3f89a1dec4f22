// Integrations: the PagerDuty alert source (v3 webhooks) — what the edge, config and the start-up
// notice know of it. Paging through Events v2 is ./events.ts, wired by main.ts.
import type { SourceDescriptor } from '../source-descriptor.js';
import { pagerdutyWebhook, type PagerDutyWebhookSecrets } from './webhook.js';

export const pagerdutySource = {
  name: 'pagerduty',
  variables: ['PAGERDUTY_WEBHOOK_SECRET'],
  // Incident urgency.
  defaultSeverity: { high: 'sev2', low: 'sev3', '*': 'sev3' },
  configured: (env) => (env.pagerduty.webhookSecret ? { webhookSecret: env.pagerduty.webhookSecret } : null),
  webhook: pagerdutyWebhook,
} as const satisfies SourceDescriptor<PagerDutyWebhookSecrets>;
