// CLI: `firebreak start` and `firebreak migrate` — the configured store and server, with one readable
// line per configuration problem (exit 2) and signals heard from the first moment.
import { loadConfig, secretValues } from '../config/index.js';
import { createRedactor } from '../observability/redact.js';
import type { Firebreak } from '../main.js';
import type { CliEnv, CliOutput } from './commands.js';

function configOrExit(out: CliOutput, env: CliEnv) {
  const config = loadConfig(env);
  if (!config.ok) {
    for (const line of config.errors) out.stderr(line);
    out.stderr(`firebreak: ${config.errors.length} configuration problem(s); nothing started`);
  }
  return config;
}

/** `firebreak start`: serves until SIGTERM or SIGINT; exit 2 on bad configuration. */
export async function runStart(out: CliOutput, env: CliEnv): Promise<number> {
  const config = configOrExit(out, env);
  if (!config.ok) return 2;
  const { createLogger } = await import('../observability/logger.js');
  const { startFirebreak } = await import('../main.js');
  const log = createLogger(config.value.env.logLevel, createRedactor(secretValues(config.value)));
  // Signals are heard from the start: one that arrives while the store is still opening stops the
  // server as soon as it is up, so the embedded store's lock is always released.
  let signals = 0;
  let stopRequested: ((signal: NodeJS.Signals) => void) | undefined;
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => (stopRequested = resolve));
  let forced: ((code: number) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      forced?.(1);
      return;
    }
    log.info({ signal }, 'shutting down: no new work, finishing what is in hand');
    stopRequested?.(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // SIGHUP re-reads firebreak.yaml (validated first). Node's default would end the process; one
  // that arrives while starting is kept and applied once the server is up.
  const started: { app?: Firebreak; reloadPending?: boolean } = {};
  process.on('SIGHUP', () => {
    if (signals > 0) return;
    if (started.app) started.app.reload();
    else started.reloadPending = true;
  });

  const app = (started.app = await startFirebreak(config.value, log));
  if (started.reloadPending) app.reload();
  return new Promise<number>((resolve) => {
    forced = resolve;
    // SIGTERM comes from an orchestrator with a load balancer in front: drain first. SIGINT is
    // someone at a terminal: stop now.
    void stopSignal.then((signal) =>
      app.stop({ drain: signal === 'SIGTERM' }).then(
        () => resolve(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown did not finish cleanly');
          resolve(1);
        },
      ),
    );
  });
}

/** `firebreak migrate`: opens the store (which applies pending migrations), closes it, says where it is. */
export async function runMigrate(out: CliOutput, env: CliEnv): Promise<number> {
  const config = configOrExit(out, env);
  if (!config.ok) return 2;
  const { openTransport } = await import('../store/open.js');
  const store = await openTransport(config.value.env.store);
  await store.close();
  out.stdout(`firebreak: ${config.value.env.store.kind} store is at the latest schema`);
  return 0;
}
