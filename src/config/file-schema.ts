// Config: the firebreak.yaml schema (snake_case, as written) and the FileConfig it maps to (camelCase, ms)
import { z } from 'zod';
import { duration, durationAtLeast, formatDuration } from './duration.js';
import { routingSchema, toRoutingConfig } from './routing-schema.js';
import { chatSchema, toChatConfig, type ChatConfig } from './chat-schema.js';
import { remindersSchema, toRemindersConfig, type RemindersConfig } from './reminders-schema.js';
import { sourcesSchema, toSourcesConfig, type SourcesConfig } from './sources-schema.js';
import { actionsSchema, toActionsConfig, type ActionsConfig } from './actions-schema.js';
import { targetRulesSchema, toTargetRules, type TargetRules } from './remediation-schema.js';
import { diagnosticsSchema, toDiagnosticsConfig, type DiagnosticsConfig } from './diagnostics-schema.js';
import { detectionRoutes, detectionsSchema, toDetections, type DetectionConfig } from './detections-schema.js';
import { maskingSchema, retentionSchema, toMasking, toRetention, type RetentionConfig } from './governance-schema.js';
import type { MaskingRules } from '../domain/masking.js';
import { accessSchema, toAccessConfig, type AccessConfig } from './access-schema.js';
import { pagerdutySchema, toPagerDutyConfig, type PagerDutyConfig } from './pagerduty-schema.js';
import { targetsSchema, toTargetsConfig, type TargetsConfig } from './targets-schema.js';
import type { RoutingConfig } from '../domain/routing.js';
import { looksLikeRoutingKey, parseTarget, TARGET_SYNTAX } from '../domain/targets.js';

const count = (min: number, max: number) => z.int().min(min).max(max);

/**
 * A section left empty in YAML (`runner:` with every child commented out) parses as null;
 * treat it as absent so its defaults apply instead of failing with "expected a mapping".
 */
function section<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? undefined, schema);
}

const scheduler = z
  .strictObject({
    poll_interval: durationAtLeast(10)
      .pipe(z.number().max(250, { error: (issue) => `expected at most 250ms (timers must be polled at least that often), got ${formatDuration(Number(issue.input))}` }))
      .prefault('250ms')
      .describe('How often each replica looks for timers that fell due (at most 250ms). Lower means escalations fire closer to their deadline, at the cost of more store queries.'),
    batch_size: count(1, 10_000).default(200).describe('Timers claimed per poll.'),
    lease: durationAtLeast(1_000)
      .prefault('30s')
      .describe('How long a claimed timer stays hidden from other replicas before it is retried.'),
  })
  .describe('Fires durable timers (escalation deadlines, reminders) when they fall due.');

const backoff = z
  .strictObject({
    initial: durationAtLeast(1).prefault('1s').describe('Wait before the first retry; each later wait doubles, up to max.'),
    max: durationAtLeast(1).prefault('5m').describe('Ceiling on the wait between retries.'),
  })
  .refine((b) => b.initial <= b.max, {
    path: ['max'],
    error: (issue) => {
      const b = issue.input as { initial: number; max: number };
      return `expected at least backoff.initial (${formatDuration(b.initial)}), got ${formatDuration(b.max)}`;
    },
  })
  .describe('Exponential backoff between attempts of a failed effect.');

const dispatcher = z
  .strictObject({
    concurrency: count(1, 1_024).default(64).describe('Effects (Slack posts, pages) run at once per replica.'),
    batch_size: count(1, 10_000).default(50).describe('Outbox rows claimed per poll.'),
    lease: durationAtLeast(1_000)
      .prefault('60s')
      .describe('How long a claimed effect stays hidden from other replicas; longer than the slowest vendor call.'),
    max_attempts: count(1, 1_000).default(8).describe('Attempts before an effect is given up and reported, when retry_for is 0s (retries bounded by count rather than time).'),
    retry_for: duration
      .prefault('24h')
      .describe('How long a failing effect is retried (a vendor outage) before it is given up and reported; 0s bounds retries by max_attempts instead. A 4xx that can never succeed still gives up at once.'),
    retry_for_by_effect: section(
      z.record(z.string().regex(/^[a-z]+\.[A-Za-z]+$/, { message: 'expected an effect type like "slack.remindStatus"' }), durationAtLeast(1_000)).default({}),
    ).describe('retry_for per effect type, e.g. slack.remindStatus: 1h.'),
    backoff: section(backoff.prefault({})),
  })
  .describe('Runs outbox effects at least once, with idempotency keys.');

const vendor = z
  .strictObject({
    failures_to_open: count(1, 1_000).default(5).describe('Consecutive failed calls (5xx, timeout, refused connection; any replica) that open the breaker.'),
    probe_interval: durationAtLeast(100).prefault('15s').describe('How often an open breaker is probed (Slack auth.test, an empty PagerDuty event).'),
    rate: z.number().positive().max(1_000).default(5).describe('Calls a second to the vendor while the effects that waited drain after an outage.'),
  })
  .describe('A vendor breaker: while open, its effects wait without spending attempts.');

const runner = z
  .strictObject({
    scheduler: section(scheduler.prefault({})),
    dispatcher: section(dispatcher.prefault({})),
    vendors: section(
      z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: 'expected a vendor name like "slack", "pagerduty" or "webhook:ops"' }), vendor.prefault({})).default({}),
    ).describe('Vendor breakers by name (slack, pagerduty, webhook:<name>); unnamed vendors use the defaults.'),
    shutdown_drain: duration
      .pipe(z.number().max(300_000, { error: (issue) => `expected at most 5m (the orchestrator kills a pod that takes longer), got ${formatDuration(Number(issue.input))}` }))
      .prefault('5s')
      .describe('On SIGTERM, how long /readyz answers 503 while requests are still served, so the load balancer stops sending before the listener closes. 0s closes at once.'),
    shutdown_timeout: duration
      .prefault('10s')
      .describe('On SIGTERM, after the drain: how long in-flight requests, steps and effects get to finish before the process exits.'),
    snapshot_cache: count(0, 1_000_000)
      .default(1000)
      .describe('Workflows whose snapshot is kept in memory (LRU); 0 disables the cache.'),
  })
  .describe('The durable workflow runner: timers, outbox dispatch, shutdown.');

const target = z.string().superRefine((text, ctx) => {
  const parsed = parseTarget(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

const level = z.strictObject({
  targets: z.array(target).min(1).describe(`Who is paged at this level: ${TARGET_SYNTAX}.`),
  timeout: duration.describe('How long to wait for an acknowledgement before the next level.'),
  fallback: z
    .strictObject({
      targets: z.array(target).min(1).describe(`Who is paged instead: ${TARGET_SYNTAX}.`),
      after: duration.prefault('5m').describe("How long a primary target's vendor (Slack, PagerDuty, a webhook) must have been unreachable first."),
    })
    .optional()
    .describe("Targets paged as well when this level's primary channel has been failing (its vendor's breaker open) for `after`, e.g. Slack down → pagerduty; PagerDuty down → a Slack user and a webhook."),
});

const policy = z.strictObject({
  levels: z.array(level).min(1),
  repeat: count(0, 100).default(0).describe('Times to run through the levels again when nobody acknowledges.'),
});

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'expected an environment variable name like "OPS_WEBHOOK_SECRET"' });

const webhook = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).describe('Where the page is POSTed as JSON.'),
  secret_env: envName
    .optional()
    .describe('Environment variable holding the HMAC-SHA256 signing secret (X-Firebreak-Signature); the secret itself never goes in this file.'),
  timeout: durationAtLeast(100).prefault('5s').describe('How long one delivery may take before it is retried.'),
});

const escalation = z
  .strictObject({
    policies: section(z.record(z.string(), policy).default({}).describe('Escalation policies by name.')),
    webhooks: section(z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/), webhook).default({}).describe('Webhook page targets by name (target: webhook:<name>).')),
  })
  .describe('Who is paged, in what order, and how long each level waits (shape may grow in later versions).');

export const fileSchema = z
  .strictObject({
    version: z.literal(1).default(1).describe('Config format version.'),
    runner: section(runner.prefault({})),
    routing: section(routingSchema.prefault({})),
    slack: section(chatSchema.prefault({})),
    escalation: section(escalation.prefault({})),
    reminders: section(remindersSchema.prefault({})),
    sources: section(sourcesSchema.prefault({})),
    actions: section(actionsSchema),
    remediation: section(targetRulesSchema.prefault({})),
    diagnostics: section(diagnosticsSchema.prefault({})),
    detections: section(detectionsSchema),
    masking: section(maskingSchema.prefault({})),
    retention: section(retentionSchema.prefault({})),
    access: section(accessSchema.prefault({})),
    pagerduty: section(pagerdutySchema.prefault({})),
    targets: section(targetsSchema.prefault({})),
  })
  .superRefine((cfg, ctx) => {
    cfg.detections.forEach((d, i) => {
      if (d.declare?.policy !== undefined && !(d.declare.policy in cfg.escalation.policies)) {
        ctx.addIssue({ code: 'custom', path: ['detections', i, 'declare', 'policy'], message: `no escalation policy named "${d.declare.policy}" (define it under escalation.policies)` });
      }
    });
    cfg.routing.rules.forEach((rule, i) => {
      if (rule.policy !== undefined && !(rule.policy in cfg.escalation.policies)) {
        ctx.addIssue({ code: 'custom', path: ['routing', 'rules', i, 'policy'], message: `no escalation policy named "${rule.policy}" (define it under escalation.policies)` });
      }
    });
    for (const [name, p] of Object.entries(cfg.escalation.policies)) {
      p.levels.forEach((l, i) => {
        l.targets.forEach((t, j) => {
          const parsed = parseTarget(t);
          const path = ['escalation', 'policies', name, 'levels', i, 'targets', j];
          if (parsed.ok && parsed.target.kind === 'webhook' && !(parsed.target.name in cfg.escalation.webhooks)) {
            ctx.addIssue({ code: 'custom', path, message: `no webhook named "${parsed.target.name}" (define it under escalation.webhooks)` });
          }
          const pd = parsed.ok && parsed.target.kind === 'pagerduty' ? parsed.target.service : null;
          if (pd !== null && !Object.hasOwn(cfg.pagerduty.services, pd)) ctx.addIssue({ code: 'custom', path, message: pagerdutyProblem(pd) });
        });
      });
    }
    for (const [name, entry] of Object.entries(cfg.actions)) {
      entry.approvers.roles.forEach((r, i) => {
        if (!(r in cfg.access.roles)) ctx.addIssue({ code: 'custom', path: ['actions', name, 'approvers', 'roles', i], message: `no role named "${r}" (define it under access.roles)` });
      });
    }
    const fallback = cfg.routing.defaults.policy;
    if (fallback !== null && !(fallback in cfg.escalation.policies)) {
      ctx.addIssue({ code: 'custom', path: ['routing', 'defaults', 'policy'], message: `no escalation policy named "${fallback}" (define it under escalation.policies)` });
    }
  })
  .meta({
    title: 'firebreak.yaml',
    description:
      'Firebreak config as code: runner tuning, routing and escalation policies. Every key is optional; absent keys take the defaults shown. Durations look like "250ms", "90s", "5m", "1h30m", "2d".',
  });

/**
 * A `pagerduty:<x>` target whose service is not defined. An inline routing key (how targets were
 * written before services were named) is refused with the way to move it — shown by its first
 * characters only, as everywhere else.
 */
function pagerdutyProblem(name: string): string {
  if (looksLikeRoutingKey(name)) {
    return `pagerduty:${name.slice(0, 4)}… is an inline routing key, which is no longer accepted (keys never go in firebreak.yaml): ` +
      'name the service under pagerduty.services (e.g. payments: { routing_key_env: PD_PAYMENTS_KEY }), put the key in that environment variable, and write pagerduty:payments here';
  }
  return `no PagerDuty service named "${name}" (define it under pagerduty.services with its routing_key_env)`;
}

export type FileInput = z.input<typeof fileSchema>;
type Raw = z.output<typeof fileSchema>;

export interface EscalationLevel {
  targets: string[];
  timeoutMs: number;
  /** Paged as well once a primary target's vendor has been unreachable for afterMs. */
  fallback?: { targets: string[]; afterMs: number };
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  repeat: number;
}

export interface WebhookTarget {
  url: string;
  /** Environment variable holding the signing secret, if deliveries are signed. */
  secretEnv: string | null;
  timeoutMs: number;
}

export interface FileConfig {
  version: 1;
  runner: {
    scheduler: { pollIntervalMs: number; batchSize: number; leaseMs: number };
    dispatcher: {
      concurrency: number;
      batchSize: number;
      leaseMs: number;
      maxAttempts: number;
      /** 0: retries are bounded by maxAttempts. */
      retryForMs: number;
      retryForByEffect: Record<string, number>;
      backoff: { initialMs: number; maxMs: number };
    };
    vendors: Record<string, { failuresToOpen: number; probeIntervalMs: number; ratePerS: number }>;
    shutdownDrainMs: number;
    shutdownTimeoutMs: number;
    snapshotCache: number;
  };
  routing: RoutingConfig;
  slack: ChatConfig;
  escalation: { policies: Record<string, EscalationPolicy>; webhooks: Record<string, WebhookTarget> };
  reminders: RemindersConfig;
  sources: SourcesConfig;
  actions: ActionsConfig;
  /** What remediation may never touch (protected addresses and accounts) and the widest IP block. */
  remediation: TargetRules;
  /** Always set by toFileConfig; optional for configs built by hand (tests, the drill). */
  diagnostics?: DiagnosticsConfig;
  /** Detection rules over security events; each declaring rule is also the first of routing.rules. */
  detections: DetectionConfig[];
  masking: MaskingRules;
  retention: RetentionConfig;
  access: AccessConfig;
  pagerduty: PagerDutyConfig;
  /** Response targets per severity (reports judge incidents by them). */
  targets: TargetsConfig;
}

/** snake_case as written → camelCase with `Ms` on every duration. */
export function toFileConfig(raw: Raw): FileConfig {
  const { scheduler: s, dispatcher: d } = raw.runner;
  return {
    version: raw.version,
    runner: {
      scheduler: { pollIntervalMs: s.poll_interval, batchSize: s.batch_size, leaseMs: s.lease },
      dispatcher: {
        concurrency: d.concurrency,
        batchSize: d.batch_size,
        leaseMs: d.lease,
        maxAttempts: d.max_attempts,
        retryForMs: d.retry_for,
        retryForByEffect: d.retry_for_by_effect,
        backoff: { initialMs: d.backoff.initial, maxMs: d.backoff.max },
      },
      vendors: Object.fromEntries(
        Object.entries(raw.runner.vendors).map(([name, v]) => [name, { failuresToOpen: v.failures_to_open, probeIntervalMs: v.probe_interval, ratePerS: v.rate }]),
      ),
      shutdownDrainMs: raw.runner.shutdown_drain,
      shutdownTimeoutMs: raw.runner.shutdown_timeout,
      snapshotCache: raw.runner.snapshot_cache,
    },
    routing: withDetectionRoutes(toRoutingConfig(raw.routing), toDetections(raw.detections)),
    slack: toChatConfig(raw.slack),
    escalation: {
      policies: Object.fromEntries(
        Object.entries(raw.escalation.policies).map(([name, policy]) => [
          name,
          {
            levels: policy.levels.map((l) => ({ targets: l.targets, timeoutMs: l.timeout, ...(l.fallback ? { fallback: { targets: l.fallback.targets, afterMs: l.fallback.after } } : {}) })),
            repeat: policy.repeat,
          },
        ]),
      ),
      webhooks: Object.fromEntries(
        Object.entries(raw.escalation.webhooks).map(([name, w]) => [name, { url: w.url, secretEnv: w.secret_env ?? null, timeoutMs: w.timeout }]),
      ),
    },
    reminders: toRemindersConfig(raw.reminders),
    sources: toSourcesConfig(raw.sources),
    actions: toActionsConfig(raw.actions),
    remediation: toTargetRules(raw.remediation),
    diagnostics: toDiagnosticsConfig(raw.diagnostics),
    detections: toDetections(raw.detections),
    masking: toMasking(raw.masking),
    retention: toRetention(raw.retention),
    access: toAccessConfig(raw.access),
    pagerduty: toPagerDutyConfig(raw.pagerduty),
    targets: toTargetsConfig(raw.targets),
  };
}

/** A detection's alerts are routed by the route it stands for, ahead of the operator's rules. */
function withDetectionRoutes(routing: RoutingConfig, detections: DetectionConfig[]): RoutingConfig {
  return { ...routing, rules: [...detectionRoutes(detections), ...routing.rules] };
}

/** What runs when there is no firebreak.yaml. */
export function defaultFileConfig(): FileConfig {
  return toFileConfig(fileSchema.parse({}));
}
