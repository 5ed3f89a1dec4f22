// Config: the `detections` section of firebreak.yaml — rules that count security events per key over a
// sliding window and, at the threshold, declare an incident (through routing, as an alert of the
// `security` source) and/or propose a remediation. Each rule becomes a routing rule placed first, so
// what it declares is decided where every other alert's is.
import { z } from 'zod';
import { SEVERITIES } from '../domain/alert.js';
import type { DetectionRule } from '../domain/security-event.js';
import type { RouteRule } from '../domain/routing.js';
import { durationAtLeast, formatDuration } from './duration.js';

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const rule = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'expected a name of lower-case letters, digits, "-" and "_"' }).describe('Shown on the incident and the timeline; the alert carries it as tag `detection`.'),
    match: z
      .strictObject({
        type: oneOrMany.describe('Event type(s) counted, e.g. auth.login_failed; a trailing * matches a prefix.'),
        attributes: z.record(z.string(), oneOrMany).default({}).describe('Attributes that must equal one of the values ("*": present).'),
      })
      .describe('Which events this rule counts.'),
    key: oneOrMany.describe('Attribute(s) counted per, e.g. ip or user; events without them are not counted.'),
    window: durationAtLeast(1_000).describe('Sliding window the count covers, e.g. 5m.'),
    threshold: z.int().min(1).max(100_000).describe('Fires when this many matching events for one key fall within the window.'),
    cooldown: durationAtLeast(1_000).optional().describe('After firing, the same key does not fire again for this long (event time). Default: the window, at least 15m.'),
    declare: z
      .strictObject({
        severity: z.enum(SEVERITIES).default('sev2'),
        service: z.string().min(1).optional().describe('Service the incident is filed under.'),
        policy: z.string().min(1).optional().describe('Escalation policy (a name under escalation.policies).'),
        title: z.string().min(1).max(200).optional().describe('Incident title; {key} and {count} are filled in. Default: "<rule>: <count> events from <key>".'),
      })
      .optional()
      .describe('Declare an incident when the rule fires.'),
    propose: z
      .strictObject({
        action: z.enum(['block_ip', 'disable_account']).describe('Proposed through the approval gates with the key as its target.'),
        ttl: durationAtLeast(60_000).optional().describe('For block_ip: lifted automatically after this long (default 24h).'),
      })
      .optional()
      .describe('Propose a remediation when the rule fires (needs declare: the proposal is posted in the incident).'),
  })
  .refine((r) => r.propose === undefined || r.declare !== undefined, { path: ['propose'], message: 'a proposal needs `declare` (it is posted in the incident the rule declares)' });

export const detectionsSchema = z
  .array(rule)
  .default([])
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `a second rule named "${r.name}"` });
      seen.add(r.name);
    });
  })
  .describe('Detection rules over security events (POST /webhooks/events): count per key over a sliding window, fire at the threshold, once per cool-down.');

export interface DetectionConfig extends DetectionRule {
  declare: { severity: (typeof SEVERITIES)[number]; service?: string; policy?: string; title?: string } | null;
  propose: { action: 'block_ip' | 'disable_account'; ttlMs: number } | null;
}

export const DEFAULT_BLOCK_TTL_MS = 24 * 3_600_000;

export function toDetections(raw: z.output<typeof detectionsSchema>): DetectionConfig[] {
  return raw.map((r) => ({
    name: r.name,
    types: r.match.type,
    where: r.match.attributes,
    keyBy: r.key,
    windowMs: r.window,
    threshold: r.threshold,
    cooldownMs: r.cooldown ?? Math.max(r.window, 15 * 60_000),
    declare: r.declare ?? null,
    propose: r.propose ? { action: r.propose.action, ttlMs: r.propose.ttl ?? DEFAULT_BLOCK_TTL_MS } : null,
  }));
}

/**
 * The routing rule each declaring detection stands for: alerts of source `security` tagged with the
 * rule's name. Placed before the operator's own rules.
 */
export function detectionRoutes(detections: readonly DetectionConfig[]): RouteRule[] {
  return detections
    .filter((d) => d.declare !== null)
    .map((d) => ({
      name: `detection ${d.name}`,
      match: { source: ['security'], tags: { detection: d.name } },
      severity: d.declare!.severity,
      declare: d.declare!.severity,
      ...(d.declare!.service !== undefined && { service: d.declare!.service }),
      ...(d.declare!.policy !== undefined && { policy: d.declare!.policy }),
    }));
}

export function describeWindow(d: Pick<DetectionConfig, 'threshold' | 'windowMs'>): string {
  return `${d.threshold} in ${formatDuration(d.windowMs)}`;
}
