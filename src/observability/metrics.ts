// Observability: Prometheus metrics for the engine (prom-client), served at GET /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Transport } from '../store/transport.js';
import { engineStats } from '../store/outbox.js';
import type { EngineObserver } from './observer.js';

export function createMetrics(store: Transport): { registry: Registry; observer: EngineObserver } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'firebreak_process_' });

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

  const gauges = ['workflows_active', 'workflows_failed', 'timers_pending', 'outbox_pending', 'outbox_dead'] as const;
  const gauge = new Gauge({
    name: 'firebreak_engine',
    help: 'Engine backlog from the store (workflows, timers, outbox)',
    labelNames: ['what'],
    registers: [registry],
    async collect() {
      try {
        const stats = await engineStats(store);
        for (const g of gauges) this.set({ what: g }, Number(stats[g]));
      } catch {
        // Store down: /readyz says so; metrics keep serving the process figures.
      }
    },
  });
  void gauge;

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
  return { registry, observer };
}
