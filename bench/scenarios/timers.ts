// Bench: timer lateness (delivery commit minus deadline) with 10,000 timers pending, delivered by
// the real scheduler while their effects run through the real dispatcher.
import { createEngine, defaultEngineSettings } from '../../src/engine.js';
import { EffectRegistry } from '../../src/effects/registry.js';
import { silentLogger } from '../../src/observability/observer.js';
import { createRedactor } from '../../src/observability/redact.js';
import { engineStats } from '../../src/store/outbox.js';
import { testDefinitions } from '../../test/support/machines.js';
import { inParallel, percentile, report, withStore } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
const count = Number(process.argv[3] ?? 10_000);

await withStore(kind, async (store) => {
  const lateness: number[] = [];
  const registry = new EffectRegistry().define('test.effect', { handler: async () => ({ ok: true }) });
  const engine = createEngine({
    store, definitions: testDefinitions, registry, settings: defaultEngineSettings,
    log: silentLogger, redact: createRedactor([]), observer: { timerDelivered: (ms) => lateness.push(ms) },
  });
  // Arm every timer first (none due while arming), so all `count` are pending at once; then they
  // fall due spread over 30 s (~330 a second, each with an effect).
  const armStarted = performance.now();
  const armSeconds = kind === 'postgres' ? 15 : 60;
  await inParallel(count, 32, (i) =>
    engine.runner.start('timer', `t-${i}`, { delayMs: armSeconds * 1000 - (performance.now() - armStarted) + (i % 3000) * 10 }),
  );
  const pending = (await engineStats(store)).timers_pending;
  engine.start();
  const deadline = Date.now() + armSeconds * 1000 + 60_000;
  while (lateness.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await engine.stop();
  lateness.sort((a, b) => a - b);
  report({
    bench: 'timer lateness', store: kind, timers_pending: Number(pending), delivered: lateness.length,
    p50_ms: Math.round(percentile(lateness, 50)), p99_ms: Math.round(percentile(lateness, 99)), max_ms: Math.round(lateness.at(-1) ?? NaN),
  });
});
process.exit(0);
