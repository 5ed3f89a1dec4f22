// Observability: the store gauges show fb_engine_stats one quantity per gauge, read the store at
// most once per cache interval however many scrapes come, and survive a store outage.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStoreGauges } from '../../../src/observability/store-gauges.js';
import type { SqlTransport, Transport } from '../../../src/store/transport.js';
import { openTestEmbedded } from '../../support/store/embedded.js';
import { fillHistory } from '../../support/store/engine-stats.js';

let store: SqlTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
  await fillHistory(store, { doneEffects: 100, doneWorkflows: 10 });
});
afterAll(() => store?.close());

/** The store, counting fb_engine_stats calls, and failing them while `down` is set. */
function watched(inner: Transport) {
  const state = { calls: 0, down: false };
  const transport: Transport = {
    kind: inner.kind,
    rpc: async <T,>(fn: string, args?: Record<string, unknown>) => {
      if (fn === 'fb_engine_stats') {
        state.calls++;
        if (state.down) throw new Error('store unavailable');
      }
      return inner.rpc<T>(fn, args);
    },
    close: () => inner.close(),
  };
  return { transport, state };
}

function value(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('store gauges', () => {
  it('show each figure under its own name', async () => {
    const registry = new Registry();
    registerStoreGauges(registry, store);
    const text = await registry.metrics();
    expect({
      active: value(text, 'firebreak_workflows_active'),
      failed: value(text, 'firebreak_workflows_failed'),
      timers: value(text, 'firebreak_timers_pending'),
      pending: value(text, 'firebreak_outbox_pending_effects'),
      running: value(text, 'firebreak_outbox_running_effects'),
      dead: value(text, 'firebreak_outbox_dead_effects'),
      up: value(text, 'firebreak_store_stats_up'),
    }).toEqual({ active: 7, failed: 2, timers: 4, pending: 5, running: 2, dead: 3, up: 1 });
    expect(value(text, 'firebreak_timers_overdue_seconds')).toBeGreaterThanOrEqual(90);
    expect(value(text, 'firebreak_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(3600);
    expect(text).not.toContain('firebreak_engine{');
  });

  it('ask the store once per interval, however many scrapes arrive (at once or one after another)', async () => {
    const { transport, state } = watched(store);
    let clock = 0;
    const registry = new Registry();
    registerStoreGauges(registry, transport, { ttlMs: 5_000, now: () => clock });
    await Promise.all([registry.metrics(), registry.metrics(), registry.metrics()]);
    clock = 4_999;
    await registry.metrics();
    expect(state.calls).toBe(1);
    clock = 5_000;
    await registry.metrics();
    expect(state.calls).toBe(2);
  });

  it('ask once per scrape even uncached: every gauge shares the read in flight', async () => {
    const { transport, state } = watched(store);
    const registry = new Registry();
    registerStoreGauges(registry, transport, { ttlMs: 0 });
    await registry.metrics();
    expect(state.calls).toBe(1);
    await registry.metrics();
    expect(state.calls).toBe(2);
  });

  it('keep the last figures and say the read failed while the store is down, without asking it on every scrape', async () => {
    const { transport, state } = watched(store);
    let clock = 0;
    const registry = new Registry();
    registerStoreGauges(registry, transport, { ttlMs: 5_000, now: () => clock });
    await registry.metrics();
    state.down = true;
    clock = 10_000;
    const during = await registry.metrics();
    await registry.metrics();
    expect(state.calls).toBe(2);
    expect(value(during, 'firebreak_store_stats_up')).toBe(0);
    expect(value(during, 'firebreak_workflows_active')).toBe(7);
    state.down = false;
    clock = 20_000;
    expect(value(await registry.metrics(), 'firebreak_store_stats_up')).toBe(1);
  });
});
