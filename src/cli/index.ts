// CLI: `firebreak start | migrate | check [file] | drill <scenario> | schema`. Problems are one readable line each,
// never a stack trace; bad configuration exits 2.
import { loadConfig, secretValues } from '../config/index.js';
import { StoreError } from '../store/transport.js';
import { runCheck } from './check.js';
import { configJsonSchema } from './schema.js';
import { createRedactor } from '../observability/redact.js';
import type { Firebreak } from '../main.js';

const USAGE = `usage: firebreak <command>

  start           run the server (webhooks, Slack, escalation) on the configured store;
                  SIGHUP re-reads firebreak.yaml (checked first; running escalations keep their policy)
  migrate         apply supabase/migrations to the configured store and exit
  check [--strict] [file]
                  validate firebreak.yaml (default: $FIREBREAK_CONFIG or ./firebreak.yaml) and the environment;
                  warn about levels that page nobody, waits of 0, unused policies, unknown Slack users and groups
                  (--strict: warnings exit 1)
  drill <file>    rehearse a scenario on a virtual clock, paging no one; exits 1 when an expectation fails
  schema          print the JSON Schema of firebreak.yaml`;

const out = {
  stdout: (line: string) => process.stdout.write(`${line}\n`),
  stderr: (line: string) => process.stderr.write(`${line}\n`),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'migrate':
      return migrateOnly();
    case 'check':
      return runCheck(args, out, process.env);
    case 'drill':
      return (await import('./drill.js')).runDrillCommand(args, out);
    case 'schema':
      out.stdout(JSON.stringify(configJsonSchema(), null, 2));
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out.stdout(USAGE);
      return command === undefined ? 2 : 0;
    default:
      out.stderr(`firebreak: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

function configOrExit() {
  const config = loadConfig(process.env);
  if (!config.ok) {
    for (const line of config.errors) out.stderr(line);
    out.stderr(`firebreak: ${config.errors.length} configuration problem(s); nothing started`);
  }
  return config;
}

async function start(): Promise<number> {
  const config = configOrExit();
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

async function migrateOnly(): Promise<number> {
  const config = configOrExit();
  if (!config.ok) return 2;
  const { openTransport } = await import('../store/open.js');
  const store = await openTransport(config.value.env.store);
  await store.close();
  out.stdout(`firebreak: ${config.value.env.store.kind} store is at the latest schema`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Known failures get their one line; anything else is a bug and says so, still without a trace.
    if (err instanceof StoreError) {
      out.stderr(`firebreak: ${err.message}`);
      process.exit(err.kind === 'schema' ? 2 : 1);
    }
    const message = err instanceof Error ? err.message : String(err);
    out.stderr(`firebreak: ${createRedactor([])(message)}`);
    process.exit(1);
  },
);
