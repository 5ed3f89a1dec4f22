// Config: the `sources` section of firebreak.yaml — per alert source, where its deliveries may
// come from and how much one delivery or one minute of it may declare; and which reverse proxies'
// X-Forwarded-For is believed.
import { z } from 'zod';
import { ALERT_SOURCES, type AlertSource } from '../domain/alert.js';
import { parseRange } from './address-range.js';

const range = z.string().refine((text) => parseRange(text) !== null, {
  error: (issue) => `expected an IP address or CIDR range like "10.0.0.0/8" or "2001:db8::/32", got ${JSON.stringify(issue.input)}`,
});

/** A positive whole number, or false for no cap. */
const cap = z.union([z.int().min(1), z.literal(false)]);

const MAX_ALERTS = 'Alerts of one delivery past this many are stored and kept up to date, but declare and join no incident (one storm notice). false: no cap.';
const MAX_DECLARATIONS =
  'Incidents one source may declare in any 60 s; alerts that would declare more are stored without declaring (one storm notice) until a minute passes with none held. false: no cap.';

const sourceOptions = z.strictObject({
  allow_from: z
    .array(range)
    .min(1, { error: 'list at least one address or range (to close a source, unset its variable)' })
    .optional()
    .describe('Only deliveries from these addresses or CIDR ranges are accepted (403 otherwise), checked before anything else. Absent: any address. Most useful for the token sources (alertmanager, grafana with GRAFANA_TOKEN, generic, datadog), whose token is all that authenticates them.'),
  max_alerts_per_delivery: cap.optional().describe(`${MAX_ALERTS} Absent: sources.max_alerts_per_delivery.`),
  max_declarations_per_minute: cap.optional().describe(`${MAX_DECLARATIONS} Absent: sources.max_declarations_per_minute.`),
});

export const sourcesSchema = z
  .strictObject({
    trusted_proxies: z
      .array(range)
      .default([])
      .describe("Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed when checking allow_from. Empty: the connection's own address is the client's. List only proxies you run: a client could write any X-Forwarded-For."),
    max_alerts_per_delivery: cap.default(1000).describe(`Every source unless it says otherwise. ${MAX_ALERTS}`),
    max_declarations_per_minute: cap.default(20).describe(`Every source unless it says otherwise. ${MAX_DECLARATIONS}`),
    ...Object.fromEntries(ALERT_SOURCES.map((name) => [name, sourceOptions.prefault({}).describe(name === 'security' ? 'Alerts raised by detection rules over POST /webhooks/events (its allow_from applies there)' : `POST /webhooks/${name}`)])),
  } as {
    trusted_proxies: z.ZodDefault<z.ZodArray<typeof range>>;
    max_alerts_per_delivery: z.ZodDefault<typeof cap>;
    max_declarations_per_minute: z.ZodDefault<typeof cap>;
  } & Record<AlertSource, z.ZodPrefault<typeof sourceOptions>>)
  .describe('Alert sources: where each may send from, and caps on what it may declare.');

export interface SourcePolicy {
  /** Null: any address. */
  allowFrom: string[] | null;
  /** Null: no cap. */
  maxAlertsPerDelivery: number | null;
  maxDeclarationsPerMinute: number | null;
}

export interface SourcesConfig {
  trustedProxies: string[];
  bySource: Record<AlertSource, SourcePolicy>;
}

const orNull = (value: number | false): number | null => (value === false ? null : value);

export function toSourcesConfig(raw: z.output<typeof sourcesSchema>): SourcesConfig {
  const bySource = Object.fromEntries(
    ALERT_SOURCES.map((name): [AlertSource, SourcePolicy] => {
      const options = raw[name];
      return [name, {
        allowFrom: options.allow_from ?? null,
        maxAlertsPerDelivery: orNull(options.max_alerts_per_delivery ?? raw.max_alerts_per_delivery),
        maxDeclarationsPerMinute: orNull(options.max_declarations_per_minute ?? raw.max_declarations_per_minute),
      }];
    }),
  ) as Record<AlertSource, SourcePolicy>;
  return { trustedProxies: raw.trusted_proxies, bySource };
}

/** A source's caps (none for a name that is not a source). */
export function sourceLimits(sources: SourcesConfig, name: string): Pick<SourcePolicy, 'maxAlertsPerDelivery' | 'maxDeclarationsPerMinute'> {
  const policy = Object.hasOwn(sources.bySource, name) ? sources.bySource[name as AlertSource] : undefined;
  return { maxAlertsPerDelivery: policy?.maxAlertsPerDelivery ?? null, maxDeclarationsPerMinute: policy?.maxDeclarationsPerMinute ?? null };
}
