// Config: the `diagnostics` section of firebreak.yaml — which evidence sources run, how long each may
// take, how long an answer is cached, the health probes, and per-service settings (PagerDuty service).
import { z } from 'zod';
import { DIAGNOSTICS_SOURCES, type DiagnosticsSourceName } from '../domain/diagnostics.js';
import { durationAtLeast, formatDuration } from './duration.js';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'expected an environment variable name like "CHECKOUT_PROBE_TOKEN"' });
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: 'expected an HTTP header name like "Authorization"' });

const probe = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { message: 'expected a name of letters, digits, "-", "_" or "."' }).describe('Shown in the Diagnostics message.'),
  service: z.string().min(1).optional().describe('Run for incidents of this service only; absent: for every incident.'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  expect_status: z.int().min(100).max(599).default(200).describe('The status a healthy answer has.'),
  timeout: durationAtLeast(50)
    .pipe(z.number().max(30_000, { error: (issue) => `expected at most 30s, got ${formatDuration(Number(issue.input))}` }))
    .prefault('2s'),
  headers: z
    .record(headerName, envName)
    .default({})
    .describe('Header name → the environment variable holding its value (a token never goes in this file).'),
});

const service = z.strictObject({
  pagerduty_service: z.string().regex(/^P[A-Z0-9]{5,}$/, { message: 'expected a PagerDuty service id like "PABC123"' }).optional()
    .describe("Whose escalation policy's on-call is shown, for incidents that did not come from PagerDuty."),
  datadog_service: z.string().min(1).optional().describe('The service tag in Datadog when it differs from the incident service.'),
});

const sourceSwitches = z
  .strictObject(Object.fromEntries(DIAGNOSTICS_SOURCES.map((s) => [s, z.boolean().default(true)])) as Record<DiagnosticsSourceName, z.ZodDefault<z.ZodBoolean>>)
  .prefault({})
  .describe('Turn single sources off; a source also needs its credentials (firebreak check warns when they are missing).');

export const diagnosticsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Off: no Diagnostics at all (button hidden, /incident diag refused).'),
    on_declare: z.boolean().default(true).describe('Run when an incident is declared (a routing rule may say otherwise with `diagnostics:`). This run is the snapshot kept for the post-mortem.'),
    sources: sourceSwitches,
    timeout: durationAtLeast(100)
      .pipe(z.number().max(60_000, { error: (issue) => `expected at most 1m, got ${formatDuration(Number(issue.input))}` }))
      .prefault('5s')
      .describe('How long each source may take before its line says it timed out (sources run in parallel).'),
    cache: durationAtLeast(0).prefault('60s').describe('How long one source’s answer to one question is reused (shared by replicas through the store).'),
    max_concurrent: z.int().min(1).max(256).default(16).describe("Source queries running at once per replica: the rest of the dispatcher's slots stay free for paging and Slack."),
    changes_window: durationAtLeast(60_000).prefault('2h').describe('What changed: deploys this far back.'),
    probes: z.array(probe).default([]).describe('HTTP(S) health checks: status, latency and TLS certificate expiry.'),
    services: z.record(z.string().min(1), service).default({}).describe('Per-service diagnostics settings.'),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.probes.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: ['probes', i, 'name'], message: `duplicate probe name "${p.name}"` });
      seen.add(p.name);
    });
  })
  .describe('Diagnostics: evidence from Datadog, Sentry, PagerDuty, health probes and recent deploys, posted in the incident channel.');

export interface ProbeConfig {
  name: string;
  service: string | null;
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  expectStatus: number;
  timeoutMs: number;
  /** Header name → environment variable name. */
  headers: Record<string, string>;
}

export interface DiagnosticsConfig {
  enabled: boolean;
  onDeclare: boolean;
  sources: Record<DiagnosticsSourceName, boolean>;
  timeoutMs: number;
  cacheMs: number;
  maxConcurrent: number;
  changesWindowMs: number;
  probes: ProbeConfig[];
  services: Record<string, { pagerdutyService: string | null; datadogService: string | null }>;
}

export function toDiagnosticsConfig(raw: z.output<typeof diagnosticsSchema>): DiagnosticsConfig {
  return {
    enabled: raw.enabled,
    onDeclare: raw.on_declare,
    sources: raw.sources,
    timeoutMs: raw.timeout,
    cacheMs: raw.cache,
    maxConcurrent: raw.max_concurrent,
    changesWindowMs: raw.changes_window,
    probes: raw.probes.map((p) => ({
      name: p.name, service: p.service ?? null, url: p.url, method: p.method, expectStatus: p.expect_status, timeoutMs: p.timeout, headers: p.headers,
    })),
    services: Object.fromEntries(
      Object.entries(raw.services).map(([name, s]) => [name, { pagerdutyService: s.pagerduty_service ?? null, datadogService: s.datadog_service ?? null }]),
    ),
  };
}

export function defaultDiagnosticsConfig(): DiagnosticsConfig {
  return toDiagnosticsConfig(diagnosticsSchema.parse({}));
}
