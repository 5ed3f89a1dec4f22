import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowRunner } from '../../../src/workflows/runner.js';
import { claimTimers } from '../../../src/store/timers.js';
import { commitStep, loadWorkflow } from '../../../src/store/workflows.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { counterDefinition, testDefinitions, timerDefinition } from '../../support/machines.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

let store: SqlTransport;
let runner: WorkflowRunner;

beforeEach(async () => {
  store = await openTestEmbedded();
  runner = new WorkflowRunner({ store, definitions: testDefinitions });
});
afterEach(async () => {
  await store.close();
});

async function timerRows(workflowId: string) {
  return store.query<{ timer_key: string; generation: string }>(
    'select timer_key, generation::text from timers where workflow_id = $1',
    [workflowId],
  );
}

describe('WorkflowRunner', () => {
  it('starts a workflow once: a second start with the same id changes nothing', async () => {
    const first = await runner.start('counter', 'c1', undefined);
    expect(first).toMatchObject({ ok: true, version: 1, created: true, value: 'counting' });
    await runner.send('c1', { type: 'bump', tag: 'a' });
    const again = await runner.start('counter', 'c1', undefined);
    expect(again).toMatchObject({ ok: true, created: false, version: 2 });
    expect((await runner.read('c1'))?.context).toEqual({ count: 1, seen: ['a'] });
  });

  it('applies twenty concurrent sends exactly once each, with no lost update', async () => {
    await runner.start('counter', 'c2', undefined);
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const results = await Promise.all(tags.map((tag) => runner.send('c2', { type: 'bump', tag })));
    expect(results.every((r) => r.ok)).toBe(true);
    const view = await runner.read('c2');
    expect(view?.version).toBe(21);
    expect((view?.context as { count: number }).count).toBe(20);
    expect([...(view?.context as { seen: string[] }).seen].sort()).toEqual([...tags].sort());
    const timeline = await runner.timeline('c2');
    expect(timeline.map((e) => e.message).sort()).toEqual([...tags].sort());
  });

  it('settles twenty sends racing from two runners (two replicas) through the version check', async () => {
    const other = new WorkflowRunner({ store, definitions: testDefinitions });
    await runner.start('counter', 'c3', undefined);
    const sends = Array.from({ length: 20 }, (_, i) => (i % 2 ? runner : other).send('c3', { type: 'bump', tag: `t${i}` }));
    const results = await Promise.all(sends);
    expect(results.every((r) => r.ok)).toBe(true);
    const view = await runner.read('c3');
    expect((view?.context as { count: number }).count).toBe(20);
    expect(view?.version).toBe(21);
    expect(new Set((view?.context as { seen: string[] }).seen).size).toBe(20);
  });

  it('writes a timer row with an absolute deadline and the committing version as generation', async () => {
    await runner.start('timer', 't1', { delayMs: 60_000 });
    const rows = await store.query<{ generation: string; due_in_ms: number }>(
      `select generation::text, extract(epoch from (due_at - now())) * 1000 as due_in_ms from timers where workflow_id = 't1'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.generation).toBe('1');
    expect(Number(rows[0]!.due_in_ms)).toBeGreaterThan(55_000);
  });

  it('recognises a timer re-armed after it was claimed as stale, and writes nothing for it', async () => {
    await runner.start('timer', 't2', { delayMs: 0 });
    const [claimed] = await claimTimers(store, 'test', 10, 60_000);
    expect(claimed?.workflow_id).toBe('t2');
    await runner.send('t2', { type: 'reset' }); // re-enters waiting: same raise id, new generation
    const before = await loadWorkflow(store, 't2');
    const outcome = await runner.deliverTimer(claimed!);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'stale-timer' } });
    const after = await loadWorkflow(store, 't2');
    expect(after?.version).toBe(before?.version);
    expect((await timerRows('t2')).map((r) => r.generation)).toEqual(['2']);
  });

  it('delivers a live timer once; a second delivery of the same claim is stale', async () => {
    await runner.start('timer', 't3', { delayMs: 0 });
    const [claimed] = await claimTimers(store, 'test', 10, 60_000);
    expect(await runner.deliverTimer(claimed!)).toMatchObject({ ok: true, value: 'fired' });
    expect(await runner.deliverTimer(claimed!)).toMatchObject({ ok: false, error: { kind: 'stale-timer' } });
    const fired = (await runner.timeline('t3')).filter((e) => e.kind === 'timer.fired');
    expect(fired).toHaveLength(1);
  });

  it('deletes the timer when the state is left, and every timer when the workflow finishes', async () => {
    await runner.start('timer', 't4', { delayMs: 60_000 });
    expect(await timerRows('t4')).toHaveLength(1);
    const done = await runner.send('t4', { type: 'cancel' });
    expect(done).toMatchObject({ ok: true, status: 'done', value: 'cancelled' });
    expect(await timerRows('t4')).toHaveLength(0);
    expect(await runner.send('t4', { type: 'reset' })).toMatchObject({ ok: false, error: { kind: 'not-active' } });
  });

  it('queues each custom action as an outbox row with a stable idempotency key', async () => {
    await runner.start('timer', 't5', { delayMs: 0 });
    const [claimed] = await claimTimers(store, 'test', 10, 60_000);
    await runner.deliverTimer(claimed!);
    const rows = await store.query<{ effect_type: string; idempotency_key: string; params: unknown }>(
      `select effect_type, idempotency_key, params from outbox where workflow_id = 't5'`,
    );
    expect(rows).toEqual([{ effect_type: 'test.effect', idempotency_key: 't5:2:0', params: { note: 'fired' } }]);
  });

  it('fails only the workflow whose snapshot was written by an unknown machine version', async () => {
    await runner.start('counter', 'healthy', undefined);
    await commitStep(store, {
      id: 'from-the-future', kind: 'counter', machineVersion: 99, expectedVersion: 0,
      snapshot: { status: 'active', value: 'counting', context: { count: 0, seen: [] }, children: {}, historyValue: {} },
      status: 'active', timers: [], cancel: [], effects: [], timeline: [],
    });
    const outcome = await runner.send('from-the-future', { type: 'bump', tag: 'x' });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'failed' } });
    const failed = await runner.read('from-the-future');
    expect(failed?.status).toBe('failed');
    expect(failed?.failure).toContain('machine version 99');
    const timeline = await runner.timeline('from-the-future');
    expect(timeline.at(-1)).toMatchObject({ kind: 'workflow.failed' });
    expect(timeline.at(-1)?.message).toContain('machine version 99');
    expect(await runner.send('healthy', { type: 'bump', tag: 'y' })).toMatchObject({ ok: true });
  });

  it('fails a workflow whose snapshot cannot be restored, with the reason on its timeline', async () => {
    await commitStep(store, {
      id: 'corrupt', kind: 'timer', machineVersion: timerDefinition.version, expectedVersion: 0,
      snapshot: { status: 'active', value: 'no-such-state', context: {}, children: {}, historyValue: {} },
      status: 'active', timers: [], cancel: [], effects: [], timeline: [],
    });
    const outcome = await runner.send('corrupt', { type: 'reset' });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'failed' } });
    const timeline = await runner.timeline('corrupt');
    expect(timeline.map((e) => e.kind)).toEqual(['workflow.failed']);
    expect(timeline[0]?.message).toMatch(/could not be restored|could not be applied/);
  });

  it('answers not-found for a workflow that does not exist', async () => {
    expect(await runner.send('nope', { type: 'bump', tag: 'x' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await runner.read('nope')).toBeNull();
  });

  it('keeps working from the store when the snapshot cache is disabled', async () => {
    const uncached = new WorkflowRunner({ store, definitions: [counterDefinition], snapshotCache: 0 });
    await uncached.start('counter', 'c4', undefined);
    for (let i = 0; i < 5; i++) await uncached.send('c4', { type: 'bump', tag: `t${i}` });
    expect((await uncached.read('c4'))?.context).toMatchObject({ count: 5 });
  });
});
