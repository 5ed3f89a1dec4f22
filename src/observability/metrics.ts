// Observability: Prometheus metrics (prom-client), served at GET /metrics: the process (Node's
// defaults, firebreak_process_* and firebreak_nodejs_*), the engine's counters, the store's backlog,
// webhook intake and vendor calls, and what is running (firebreak_build_info).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Transport } from '../store/transport.js';
import type { BuildInfo } from './build-info.js';
import type { EngineObserver } from './observer.js';
import { registerStoreGauges } from './store-gauges.js';
import type { VendorCallRecorder } from './vendor-calls.js';

export interface Metrics {
  registry: Registry;
  observer: EngineObserver;
  /** One answered webhook request: its source ("unknown" for a path that names none), HTTP status and time to answer. */
  webhookAnswered(source: string, status: string, seconds: number): void;
  vendorCalled: VendorCallRecorder;
}

export interface MetricsOptions {
  build: BuildInfo;
  /** How long one read of the store's figures serves scrapes (default STATS_TTL_MS). */
  statsTtlMs?: number;
}

export function createMetrics(store: Transport, opts: MetricsOptions): Metrics {
  const registry = new Registry();
  // Node's default names already start with process_ or nodejs_: firebreak_process_cpu_seconds_total.
  collectDefaultMetrics({ register: registry, prefix: 'firebreak_' });
  registerStoreGauges(registry, store, { ttlMs: opts.statsTtlMs });

  const build = new Gauge({ name: 'firebreak_build_info', help: 'Always 1; the labels say what is running', labelNames: ['version', 'node', 'commit'], registers: [registry] });
  build.set({ version: opts.build.version, node: opts.build.node, ...(opts.build.commit ? { commit: opts.build.commit } : {}) }, 1);

  const steps = new Counter({ name: 'firebreak_workflow_steps_total', help: 'Committed workflow steps', labelNames: ['kind'], registers: [registry] });
  const conflicts = new Counter({ name: 'firebreak_workflow_conflicts_total', help: 'Steps recomputed after a version conflict', labelNames: ['kind'], registers: [registry] });
  const failed = new Counter({ name: 'firebreak_workflow_failures_total', help: 'Workflows parked as failed', labelNames: ['kind'], registers: [registry] });
  const lateness = new Histogram({
    name: 'firebreak_timer_lateness_seconds',
    help: 'Timer delivery minus deadline (database clock)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30],
    registers: [registry],
  });
  const effects = new Counter({ name: 'firebreak_effects_total', help: 'Effect attempts by outcome', labelNames: ['type', 'outcome'], registers: [registry] });
  const effectSeconds = new Histogram({ name: 'firebreak_effect_duration_seconds', help: 'Effect handler time', labelNames: ['type'], registers: [registry] });

  const webhooks = new Counter({
    name: 'firebreak_webhook_requests_total',
    help: 'Webhook requests answered, by source and HTTP status ("aborted": the sender left before the answer)',
    labelNames: ['source', 'status'],
    registers: [registry],
  });
  const webhookSeconds = new Histogram({
    name: 'firebreak_webhook_duration_seconds',
    help: 'Time from a webhook request reaching its handler to its answer (Sentry gives up after 1 s)',
    labelNames: ['source'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const vendorCalls = new Counter({
    name: 'firebreak_vendor_calls_total',
    help: 'Calls to Slack, PagerDuty and paging webhooks by method and outcome: ok, retry, rate-limited, give-up, or error (threw)',
    labelNames: ['vendor', 'method', 'outcome'],
    registers: [registry],
  });

  const observer: EngineObserver = {
    stepCommitted(kind, n) {
      steps.inc({ kind });
      if (n > 0) conflicts.inc({ kind }, n);
    },
    workflowFailed(kind) {
      failed.inc({ kind });
    },
    timerDelivered(lateMs) {
      lateness.observe(Math.max(0, lateMs) / 1000);
    },
    effectFinished(type, outcome, _attempt, ms) {
      effects.inc({ type, outcome });
      effectSeconds.observe({ type }, ms / 1000);
    },
  };
  return {
    registry,
    observer,
    webhookAnswered(source, status, seconds) {
      webhooks.inc({ source, status });
      webhookSeconds.observe({ source }, seconds);
    },
    vendorCalled(vendor, method, outcome) {
      vendorCalls.inc({ vendor, method, outcome });
    },
  };
}
