// Integrations: the generic JSON alert source (our own schema, README.md here) — what the edge,
// config and the start-up notice know of it.
import type { SourceDescriptor } from '../source-descriptor.js';
import { genericWebhook, type GenericSecrets } from './webhook.js';

export const genericSource = {
  name: 'generic',
  variables: ['WEBHOOK_TOKEN'],
  defaultSeverity: { sev1: 'sev1', sev2: 'sev2', sev3: 'sev3', sev4: 'sev4', critical: 'sev1', high: 'sev2', error: 'sev2', warning: 'sev3', low: 'sev4', info: 'sev4', '*': 'sev3' },
  configured: (env) => (env.generic.token ? { token: env.generic.token } : null),
  webhook: genericWebhook,
} as const satisfies SourceDescriptor<GenericSecrets>;
