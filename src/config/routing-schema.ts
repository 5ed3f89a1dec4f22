// Config: the `routing` section of firebreak.yaml (snake_case as written) → RoutingConfig.
import { z } from 'zod';
import { ALERT_SOURCES, SEVERITIES } from '../domain/alert.js';
import type { RoutingConfig } from '../domain/routing.js';
import { mergeSeverityMaps } from '../domain/severity.js';
import { durationAtLeast } from './duration.js';

const severity = z.enum(SEVERITIES);
const source = z.enum(ALERT_SOURCES);
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/, { message: 'expected a Slack user id like "U012ABCDEF"' });
const declare = z.union([severity, z.literal(false)]).describe('Declare an incident at this severity or worse; false never declares.');

const rule = z.strictObject({
  name: z.string().min(1).optional().describe('Shown on the alert and the timeline; defaults to "rule N".'),
  match: z
    .strictObject({
      source: z.array(source).min(1).optional(),
      service: z.array(z.string().min(1)).min(1).optional(),
      severity: severity.optional().describe('This severity or worse, after the source mapping.'),
      tags: z.record(z.string(), z.string()).optional().describe('Tags/labels that must all match; "*" means present with any value.'),
    })
    .prefault({}),
  service: z.string().min(1).optional().describe('Service to file the alert under (overrides the source).'),
  severity: severity.optional().describe('Severity override.'),
  policy: z.string().min(1).optional().describe('Escalation policy (a name under escalation.policies).'),
  declare: declare.optional(),
  responders: z.array(slackUser).optional().describe('Slack user ids invited into the incident channel; the first is the commander.'),
  correlate_across_sources: z
    .boolean()
    .optional()
    .describe("Overrides routing.defaults.correlate_across_sources for the alerts this rule matches."),
  propose: z.enum(['block_ip']).optional().describe('When a matching alert declares an incident and carries an IP (tag ip, client_ip or source_ip), request block_ip for it at once (the card is posted; approval as the catalog says).'),
  diagnostics: z.boolean().optional().describe('Run Diagnostics when this rule declares an incident; absent: diagnostics.on_declare.'),
});

export const routingSchema = z
  .strictObject({
    correlation_window: durationAtLeast(1_000)
      .prefault('30m')
      .describe('An open incident absorbs alerts of the same service that arrive within this window of its last alert.'),
    defaults: z
      .strictObject({
        declare: declare.default('sev2'),
        policy: z.string().min(1).nullable().default(null).describe('Escalation policy when no rule names one.'),
        responders: z.array(slackUser).default([]).describe('Slack user ids invited when no rule names responders; the first is the commander.'),
        correlate_across_sources: z
          .boolean()
          .default(false)
          .describe("Let alerts of different sources share a service's open incident. Off: a service's incident takes alerts from the source that opened it only, so one source's token cannot attach alerts to another's incidents. Two sources' alerts meet only when both routes allow it."),
      })
      .prefault({}),
    severity: z
      .partialRecord(source, z.record(z.string(), severity))
      .default({})
      .describe("Per source: the source's own severity word (Datadog P1, Sentry level, the severity label, PD urgency) → sev1–sev4. Merged over the built-in mapping; '*' is the fallback."),
    rules: z.array(rule).default([]).describe('First match wins.'),
    repositories: z
      .record(z.string().min(1), z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: 'expected a GitHub repository like "acme/checkout"' }))
      .default({})
      .describe('Service → GitHub repository (owner/name): where Diagnostics looks for recent deployments and releases.'),
  })
  .describe('Which alerts declare incidents, at what severity, with which escalation policy.');

export function toRoutingConfig(raw: z.output<typeof routingSchema>): RoutingConfig {
  return {
    correlationWindowMs: raw.correlation_window,
    // Words lower-cased; each source's own words (its descriptor) lie under these when alerts are routed.
    severityMap: mergeSeverityMaps({}, raw.severity),
    defaults: {
      declare: raw.defaults.declare,
      policy: raw.defaults.policy,
      responders: raw.defaults.responders,
      correlateAcrossSources: raw.defaults.correlate_across_sources,
    },
    rules: raw.rules.map((r, i) => ({
      name: r.name ?? `rule ${i + 1}`,
      match: r.match,
      ...(r.service !== undefined && { service: r.service }),
      ...(r.severity !== undefined && { severity: r.severity }),
      ...(r.policy !== undefined && { policy: r.policy }),
      ...(r.declare !== undefined && { declare: r.declare }),
      ...(r.responders !== undefined && { responders: r.responders }),
      ...(r.correlate_across_sources !== undefined && { correlateAcrossSources: r.correlate_across_sources }),
      ...(r.propose !== undefined && { propose: r.propose }),
      ...(r.diagnostics !== undefined && { diagnostics: r.diagnostics }),
    })),
    repositories: raw.repositories,
  };
}
