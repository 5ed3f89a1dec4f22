// Test support: one Firebreak engine in its own process, for the crash and multi-replica tests.
// Env: STORE_DIR (embedded) or DATABASE_URL; START="id:delayMs,…" workflows to start;
// EFFECT_LOG a file each effect run appends "<key> <owner> <epoch ms>" to (embedded), or rows in
// table effect_runs (postgres). Prints "ready" once its loops run; SIGTERM stops it cleanly.
import { appendFileSync } from 'node:fs';
import { createEngine, defaultEngineSettings } from '../../src/engine.js';
import { EffectRegistry } from '../../src/effects/registry.js';
import { silentLogger } from '../../src/observability/observer.js';
import { createRedactor } from '../../src/observability/redact.js';
import { openTransport } from '../../src/store/open.js';
import { Secret } from '../../src/config/secret.js';
import { testDefinitions } from './machines.js';

const owner = process.env.OWNER ?? `child-${process.pid}`;
const store = await openTransport(
  process.env.DATABASE_URL
    ? { kind: 'postgres', url: new Secret(process.env.DATABASE_URL) }
    : { kind: 'embedded', dataDir: process.env.STORE_DIR! },
);

const registry = new EffectRegistry().define('test.effect', {
  handler: async (effect, ctx) => {
    if (process.env.DATABASE_URL) {
      await store.rpc('test_record_effect_run', { p_key: effect.idempotencyKey, p_owner: owner });
    } else {
      appendFileSync(process.env.EFFECT_LOG!, `${effect.idempotencyKey} ${owner} ${Date.now()}\n`);
    }
    await ctx.send({ type: 'effect.done', note: owner });
    return { ok: true };
  },
});

const engine = createEngine({
  store,
  definitions: testDefinitions,
  registry,
  settings: { ...defaultEngineSettings, scheduler: { ...defaultEngineSettings.scheduler, leaseMs: 10_000 } },
  log: silentLogger,
  redact: createRedactor([]),
  owner,
});

for (const spec of (process.env.START ?? '').split(',').filter(Boolean)) {
  const [id, delay] = spec.split(':');
  await engine.runner.start('timer', id!, { delayMs: Number(delay) });
}
engine.start();
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void engine
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
