// Tests: the drill store's now() is the virtual clock — deadlines, timeline rows and defaults follow it
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDrillStore, type DrillStore } from '../../../src/drill/clock.js';
import { appendTimeline, commitStep, listTimeline } from '../../../src/store/workflows.js';

const START = Date.parse('2026-01-05T03:00:00Z');
const MIN = 60_000;

describe('openDrillStore', () => {
  let drill: DrillStore;
  beforeAll(async () => {
    drill = await openDrillStore(START);
  });
  afterAll(async () => {
    await drill?.close();
  });

  it('computes timer deadlines and stamps timeline rows by the virtual clock, wherever it is moved', async () => {
    const { store, clock } = drill;
    expect(clock.now().toISOString()).toBe('2026-01-05T03:00:00.000Z');
    const committed = await commitStep(store, {
      id: 'wf-clock', kind: 'test', machineVersion: 1, expectedVersion: 0, snapshot: {}, status: 'active',
      timers: [{ key: 'level', event: { type: 'tick' }, delay_ms: 10 * MIN }], cancel: [], effects: [],
      timeline: [{ kind: 'test.started', message: 'started', actor: null, data: null }],
    });
    expect(committed.ok).toBe(true);

    await clock.set(95 * MIN);
    await appendTimeline(store, 'wf-clock', { kind: 'test.later', message: 'later', actor: null, data: null });

    const [timer] = await store.query<{ due_at: Date }>(`select due_at from timers where workflow_id = 'wf-clock'`);
    expect(new Date(timer!.due_at).toISOString()).toBe('2026-01-05T03:10:00.000Z');
    const timeline = await listTimeline(store, 'wf-clock');
    expect(timeline.map((t) => [t.kind, new Date(t.at).toISOString()])).toEqual([
      ['test.started', '2026-01-05T03:00:00.000Z'],
      ['test.later', '2026-01-05T04:35:00.000Z'],
    ]);
    const [row] = await store.query<{ created_at: Date }>(`select created_at from workflows where id = 'wf-clock'`);
    expect(new Date(row!.created_at).toISOString()).toBe('2026-01-05T03:00:00.000Z');
  });

  it('only moves forward', async () => {
    const { clock } = drill;
    await expect(clock.set(clock.elapsed() - 1)).rejects.toThrow(/only moves forward/);
  });
});
