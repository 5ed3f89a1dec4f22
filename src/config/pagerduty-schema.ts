// Config: the `pagerduty` section of firebreak.yaml — PagerDuty services by name, each with the
// environment variable that holds its Events API v2 routing key. Targets say `pagerduty:<service>`;
// the key lives only in the environment (a Secret), never in this file, a snapshot or a message.
import { z } from 'zod';

/** At most 31 characters, so a name can never be mistaken for a 32-character routing key. */
const SERVICE_NAME = /^[a-z][a-z0-9_-]{0,30}$/;
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'expected an environment variable name like "PD_PAYMENTS_KEY"' });

const service = z.strictObject({
  routing_key_env: envName.describe('Environment variable holding this service\'s Events API v2 routing key (integration key).'),
});

export const pagerdutySchema = z
  .strictObject({
    services: z
      .record(z.string().regex(SERVICE_NAME, { message: 'a service name is lowercase letters, digits, - and _ (at most 31)' }), service)
      .default({})
      .describe('PagerDuty services by name (target: pagerduty:<name>); the bare `pagerduty` target uses PAGERDUTY_ROUTING_KEY.'),
  })
  .describe('PagerDuty services, named: routing keys come from the environment and are shown by name only.');

export interface PagerDutyConfig {
  /** Service name → the environment variable holding its routing key. */
  services: Record<string, { routingKeyEnv: string }>;
}

export function toPagerDutyConfig(raw: z.output<typeof pagerdutySchema>): PagerDutyConfig {
  return { services: Object.fromEntries(Object.entries(raw.services).map(([n, s]) => [n, { routingKeyEnv: s.routing_key_env }])) };
}
