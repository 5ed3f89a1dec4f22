// Bench: resident memory with 10,000 open workflows. Snapshots live in the store (the LRU holds a
// bounded number), so memory must not grow with the number of open workflows.
import { createEngine, defaultEngineSettings } from '../../src/engine.js';
import { EffectRegistry } from '../../src/effects/registry.js';
import { silentLogger } from '../../src/observability/observer.js';
import { createRedactor } from '../../src/observability/redact.js';
import { testDefinitions } from '../../test/support/machines.js';
import { inParallel, report, withStore } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const count = 10_000;

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

await withStore(kind, async (store) => {
  const engine = createEngine({
    store, definitions: testDefinitions, registry: new EffectRegistry(), settings: defaultEngineSettings,
    log: silentLogger, redact: createRedactor([]),
  });
  engine.start();
  await engine.runner.start('counter', 'warm-up', undefined);
  await new Promise((r) => setTimeout(r, 500));
  const idle = rssMb();
  await inParallel(count, 32, async (i) => {
    await engine.runner.start('counter', `open-${i}`, undefined);
    await engine.runner.send(`open-${i}`, { type: 'bump', tag: 'x' });
  });
  await new Promise((r) => setTimeout(r, 500));
  const loaded = rssMb();
  await engine.stop();
  report({ bench: 'memory', store: kind, open_workflows: count, idle_rss_mb: Math.round(idle), rss_mb: Math.round(loaded), growth_mb: Math.round(loaded - idle) });
});
process.exit(0);
