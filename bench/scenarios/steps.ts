// Bench: workflow steps per second — concurrent events over many workflows, each a full
// load → transition → one-commit step.
import { WorkflowRunner } from '../../src/workflows/runner.js';
import { counterDefinition } from '../../test/support/machines.js';
import { inParallel, report, withStore } from '../support.js';

const kind = (process.argv[2] ?? 'embedded') as 'embedded' | 'postgres';
const steps = kind === 'postgres' ? 20_000 : 5_000;
const workflows = 500;

await withStore(kind, async (store) => {
  const runner = new WorkflowRunner({ store, definitions: [counterDefinition] });
  await inParallel(workflows, 32, (i) => runner.start('counter', `c-${i}`, undefined));
  // Warm-up, then the measured run.
  await inParallel(500, 32, (i) => runner.send(`c-${i % workflows}`, { type: 'bump', tag: 'w' }));
  const started = performance.now();
  await inParallel(steps, 64, (i) => runner.send(`c-${(i * 7919) % workflows}`, { type: 'bump', tag: `s${i}` }));
  const seconds = (performance.now() - started) / 1000;
  report({ bench: 'workflow steps', store: kind, steps, seconds: +seconds.toFixed(2), steps_per_s: Math.round(steps / seconds) });
});
process.exit(0);
