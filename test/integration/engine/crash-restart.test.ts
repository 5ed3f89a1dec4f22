import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTimeline, loadWorkflow } from '../../../src/store/workflows.js';
import { copyTemplateDataDir, openTestEmbeddedAt } from '../../support/store/embedded.js';
import { spawnEngineChild, stopChild } from '../../support/spawn-child.js';

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

describe('a timer survives the process that armed it', () => {
  it('fires once, soon after a restart, when the process is SIGKILLed before the deadline', async () => {
    const dataDir = await copyTemplateDataDir();
    const effectLog = join(mkdtempSync(join(tmpdir(), 'fb-crash-')), 'effects.log');
    const env = { STORE_DIR: dataDir, EFFECT_LOG: effectLog };

    const first = await spawnEngineChild({ ...env, START: 'crash-1:2000', OWNER: 'first' });
    const t0 = Date.now(); // the timer is armed: due at ≈ t0 + 2 s
    await sleepUntil(t0 + 1000);
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(existsSync(effectLog)).toBe(false); // nothing fired before the crash

    await sleepUntil(t0 + 3000);
    const restartedAt = Date.now();
    const second = await spawnEngineChild({ ...env, OWNER: 'second' });
    const deadline = Date.now() + 10_000;
    while (!existsSync(effectLog) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show itself
    await stopChild(second);

    const lines = readFileSync(effectLog, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const [key, owner, at] = lines[0]!.split(' ');
    expect(key).toBe('crash-1:2:0');
    expect(owner).toBe('second');
    // "Soon after the restart": the restarted process's first poll, not another full delay.
    expect(Number(at) - restartedAt).toBeLessThan(5_000);

    const store = await openTestEmbeddedAt(dataDir);
    try {
      const timeline = await listTimeline(store, 'crash-1');
      expect(timeline.filter((e) => e.kind === 'timer.fired')).toHaveLength(1);
      expect((await loadWorkflow(store, 'crash-1'))?.status).toBe('done');
      const timers = await store.query(`select 1 from timers where workflow_id = 'crash-1'`);
      expect(timers).toHaveLength(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});
