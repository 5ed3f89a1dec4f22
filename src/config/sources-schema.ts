// Config: the `sources` section of firebreak.yaml — per alert source, where its deliveries may
// come from; and which reverse proxies' X-Forwarded-For is believed.
import { z } from 'zod';
import { SOURCE_NAMES, type SourceName } from '../integrations/sources.js';
import { parseRange } from './address-range.js';

const range = z.string().refine((text) => parseRange(text) !== null, {
  error: (issue) => `expected an IP address or CIDR range like "10.0.0.0/8" or "2001:db8::/32", got ${JSON.stringify(issue.input)}`,
});

const sourceOptions = z.strictObject({
  allow_from: z
    .array(range)
    .min(1, { error: 'list at least one address or range (to close a source, unset its variable)' })
    .optional()
    .describe('Only deliveries from these addresses or CIDR ranges are accepted (403 otherwise), checked before anything else. Absent: any address. Most useful for the token sources (alertmanager, grafana with GRAFANA_TOKEN, generic, datadog), whose token is all that authenticates them.'),
});

export const sourcesSchema = z
  .strictObject({
    trusted_proxies: z
      .array(range)
      .default([])
      .describe("Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed when checking allow_from. Empty: the connection's own address is the client's. List only proxies you run: a client could write any X-Forwarded-For."),
    ...Object.fromEntries(SOURCE_NAMES.map((name) => [name, sourceOptions.prefault({}).describe(`POST /webhooks/${name}`)])),
  } as { trusted_proxies: z.ZodDefault<z.ZodArray<typeof range>> } & Record<SourceName, z.ZodPrefault<typeof sourceOptions>>)
  .describe('Alert sources: where each may send from.');

export interface SourcePolicy {
  /** Null: any address. */
  allowFrom: string[] | null;
}

export interface SourcesConfig {
  trustedProxies: string[];
  bySource: Record<SourceName, SourcePolicy>;
}

export function toSourcesConfig(raw: z.output<typeof sourcesSchema>): SourcesConfig {
  const bySource = Object.fromEntries(
    SOURCE_NAMES.map((name): [SourceName, SourcePolicy] => {
      const options = raw[name];
      return [name, { allowFrom: options.allow_from ?? null }];
    }),
  ) as Record<SourceName, SourcePolicy>;
  return { trustedProxies: raw.trusted_proxies, bySource };
}
