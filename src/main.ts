// Composition root: config → store → engine (runner, scheduler, dispatcher) → HTTP server. The one
// file that knows every concrete adapter.
import type { Server } from 'node:http';
import { describeIntegrations, type Config } from './config/index.js';
import { Secret } from './config/secret.js';
import { openTransport } from './store/open.js';
import type { Transport } from './store/transport.js';
import { createEngine, type Engine } from './engine.js';
import { EffectRegistry } from './effects/registry.js';
import type { WorkflowDefinition } from './workflows/definition.js';
import { createHttpServer, listen, type Route } from './server/http.js';
import { healthRoutes, type HealthState } from './server/health.js';
import { createMetrics } from './observability/metrics.js';
import { createRedactor, type Redactor } from './observability/redact.js';
import type { Logger } from './observability/observer.js';

export interface Firebreak {
  port: number;
  store: Transport;
  engine: Engine;
  stop(): Promise<void>;
}

/** Workflow kinds and effect types: later issues (incident, escalation, approval) add theirs here. */
const definitions: WorkflowDefinition[] = [];

export function redactorFor(config: Config): Redactor {
  return createRedactor(secretValues(config.env));
}

export async function startFirebreak(config: Config, log: Logger, opts: { host?: string } = {}): Promise<Firebreak> {
  const redact = redactorFor(config);
  log.info({ store: config.env.store.kind }, describeIntegrations(config.env));

  const store = await openTransport(config.env.store);
  const { registry: metrics, observer } = createMetrics(store);
  const { runner: r } = config.file;
  const registry = new EffectRegistry(r.dispatcher.maxAttempts);
  const engine = createEngine({
    store,
    definitions,
    registry,
    settings: { scheduler: r.scheduler, dispatcher: r.dispatcher, shutdownTimeoutMs: r.shutdownTimeoutMs, snapshotCache: r.snapshotCache },
    log,
    redact,
    observer,
  });

  const health: HealthState = { accepting: true };
  const routes: Route[] = [...healthRoutes(store, metrics, health)];
  const server = createHttpServer(routes, log);
  let port: number;
  try {
    port = await listen(server, config.env.port, opts.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  engine.start();
  log.info({ port, owner: engine.owner }, `firebreak listening on :${port}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      health.accepting = false;
      await closeServer(server);
      await engine.stop();
      await store.close();
      log.info({}, 'firebreak stopped');
    })());
  return { port, store, engine, stop };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function secretValues(value: unknown, out: string[] = []): string[] {
  if (value instanceof Secret) out.push(value.reveal());
  else if (value && typeof value === 'object') for (const v of Object.values(value)) secretValues(v, out);
  return out;
}
