import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine.js';
import { claimEffects, listEffects } from '../../../src/store/outbox.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import type { Effect } from '../../../src/effects/effect.js';
import { openTestEmbedded } from '../../support/store/embedded.js';
import { EffectRegistry, fastSettings, testEngine, waitFor } from './harness.js';

let store: SqlTransport;
let engine: Engine | undefined;

beforeEach(async () => {
  store = await openTestEmbedded();
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await store.close();
});

async function fireTimer(id: string) {
  await engine!.runner.start('timer', id, { delayMs: 0 });
}

describe('timers and effects', () => {
  it('delivers a timer and runs its effect once; the effect feeds its result back to the workflow', async () => {
    const calls: Effect[] = [];
    const registry = new EffectRegistry().define('test.effect', {
      handler: async (effect, ctx) => {
        calls.push(effect as Effect);
        await ctx.send({ type: 'effect.done', note: `handled ${effect.idempotencyKey}` });
        return { ok: true, value: { handled: true } };
      },
    });
    engine = testEngine(store, registry);
    engine.start();
    await engine.runner.start('timer', 'w1', { delayMs: 150 });
    const view = await waitFor(async () => {
      const v = await engine!.runner.read('w1');
      return v?.status === 'done' ? v : undefined;
    });
    expect(view.value).toBe('acknowledged');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ type: 'test.effect', workflowId: 'w1', idempotencyKey: 'w1:2:0', attempt: 1 });
    const kinds = (await engine.runner.timeline('w1')).map((e) => e.kind);
    expect(kinds).toEqual(['timer.fired', 'effect.done']);
    const [row] = await listEffects(store, 'w1');
    expect(row).toMatchObject({ status: 'done', attempts: 1, result: { handled: true } });
  });

  it('retries a handler that fails twice, then records it done once with three attempts', async () => {
    const attempts: number[] = [];
    const registry = new EffectRegistry().define('test.effect', {
      handler: async (effect) => {
        attempts.push(effect.attempt);
        if (effect.attempt < 3) return { ok: false, error: { kind: 'retry', message: `transient ${effect.attempt}` } };
        return { ok: true };
      },
    });
    engine = testEngine(store, registry);
    engine.start();
    await fireTimer('w2');
    const row = await waitFor(async () => (await listEffects(store, 'w2')).find((e) => e.status === 'done'));
    expect(row.attempts).toBe(3);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('treats a thrown error as transient', async () => {
    let n = 0;
    const registry = new EffectRegistry().define('test.effect', {
      handler: async () => {
        if (++n === 1) throw new Error('socket hang up');
        return { ok: true };
      },
    });
    engine = testEngine(store, registry);
    engine.start();
    await fireTimer('w3');
    const row = await waitFor(async () => (await listEffects(store, 'w3')).find((e) => e.status === 'done'));
    expect(row.attempts).toBe(2);
  });

  it('marks an effect dead after its last attempt and says so on the timeline', async () => {
    const registry = new EffectRegistry().define('test.effect', {
      maxAttempts: 3,
      handler: async () => ({ ok: false, error: { kind: 'retry', message: 'vendor is down (token xoxb-1234-5678-secretsecret)' } }),
    });
    engine = testEngine(store, registry);
    engine.start();
    await fireTimer('w4');
    const row = await waitFor(async () => (await listEffects(store, 'w4')).find((e) => e.status === 'dead'));
    expect(row.attempts).toBe(3);
    expect(row.last_error).not.toContain('xoxb');
    const dead = (await engine.runner.timeline('w4')).find((e) => e.kind === 'effect.dead');
    expect(dead?.message).toContain('test.effect gave up after 3 attempt(s)');
    expect(dead?.message).not.toContain('secretsecret');
  });

  it('tells the effect type when one goes dead, however its last attempt ended (a throw too), with the error redacted', async () => {
    const deaths: Array<{ key: string; attempt: number; error: string }> = [];
    const registry = new EffectRegistry().define('test.effect', {
      maxAttempts: 2,
      handler: async () => {
        throw new Error('socket hang up (token xoxb-1234-5678-secretsecret)');
      },
      onDead: async (effect, error) => {
        deaths.push({ key: effect.idempotencyKey, attempt: effect.attempt, error });
      },
    });
    engine = testEngine(store, registry);
    engine.start();
    await fireTimer('w4b');
    await waitFor(async () => (await listEffects(store, 'w4b')).find((e) => e.status === 'dead'));
    await waitFor(async () => deaths.length > 0 || undefined);
    expect(deaths).toEqual([{ key: expect.stringContaining('w4b'), attempt: 2, error: expect.stringContaining('socket hang up') }]);
    expect(deaths[0]!.error).not.toContain('secretsecret');
  });

  it('does not spend attempts on rate limiting: a throttled try is given back', async () => {
    let calls = 0;
    const registry = new EffectRegistry().define('test.effect', {
      maxAttempts: 2,
      handler: async () => (++calls <= 4 ? { ok: false, error: { kind: 'rate-limited', message: 'ratelimited', retryAfterMs: 20 } } : { ok: true }),
    });
    engine = testEngine(store, registry);
    engine.start();
    await fireTimer('w5b');
    const row = await waitFor(async () => (await listEffects(store, 'w5b')).find((e) => e.status === 'done'));
    expect(calls).toBe(5);
    expect(row).toMatchObject({ attempts: 1, throttles: 4 });
  });

  it('gives up at once on a permanent error', async () => {
    const registry = new EffectRegistry().define('test.effect', {
      handler: async () => ({ ok: false, error: { kind: 'give-up', message: 'invalid_auth' } }),
    });
    engine = testEngine(store, registry);
    engine.start();
    await fireTimer('w5');
    const row = await waitFor(async () => (await listEffects(store, 'w5')).find((e) => e.status === 'dead'));
    expect(row).toMatchObject({ attempts: 1, last_error: 'invalid_auth' });
  });

  it('honours a retry-after from the vendor', async () => {
    const seen: number[] = [];
    const registry = new EffectRegistry().define('test.effect', {
      handler: async () => {
        seen.push(Date.now());
        return seen.length === 1 ? { ok: false, error: { kind: 'retry', message: 'ratelimited', retryAfterMs: 600 } } : { ok: true };
      },
    });
    engine = testEngine(store, registry);
    engine.start();
    await fireTimer('w6');
    await waitFor(async () => (await listEffects(store, 'w6')).find((e) => e.status === 'done'));
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(550);
  });

  it('retries an effect whose dispatcher died after the outside call with the same idempotency key', async () => {
    const outside: Array<{ key: string; attempt: number }> = [];
    const registry = new EffectRegistry().define('test.effect', {
      handler: async (effect) => {
        outside.push({ key: effect.idempotencyKey, attempt: effect.attempt });
        return { ok: true };
      },
    });
    const runnerOnly = testEngine(store, registry);
    await runnerOnly.runner.start('timer', 'w7', { delayMs: 0 });
    // Scheduler only, so the effect is committed but not yet dispatched.
    runnerOnly.scheduler.start();
    await waitFor(async () => (await listEffects(store, 'w7')).length === 1);
    await runnerOnly.scheduler.stop();
    // A dispatcher claims it, makes the outside call, and dies before recording (lease 200 ms).
    const [claimed] = await claimEffects(store, 'doomed-replica', 10, 200);
    outside.push({ key: claimed!.idempotency_key, attempt: claimed!.attempt });

    engine = testEngine(store, registry);
    engine.start();
    await waitFor(async () => (await listEffects(store, 'w7')).find((e) => e.status === 'done'));
    expect(outside).toEqual([
      { key: 'w7:2:0', attempt: 1 },
      { key: 'w7:2:0', attempt: 2 },
    ]);
  });

  it('runs effects that share an ordering key in commit order, even through retries', async () => {
    const order: string[] = [];
    let calls = 0;
    const registry = new EffectRegistry().define('test.ordered', {
      handler: async (effect) => {
        calls++;
        // Every third call fails: the successors must wait for the retry.
        if (calls % 3 === 0) return { ok: false, error: { kind: 'retry', message: 'flaky' } };
        order.push(`${effect.workflowId}:${effect.params.seq as number}`);
        return { ok: true };
      },
    });
    engine = testEngine(store, registry, fastSettings({ concurrency: 16 }));
    engine.start();
    await engine.runner.start('ordered', 'o1', { key: 'channel-1' });
    await engine.runner.start('ordered', 'o2', { key: 'channel-2' });
    await Promise.all([engine.runner.send('o1', { type: 'poke' }), engine.runner.send('o2', { type: 'poke' })]);
    await waitFor(async () => {
      const rows = [...(await listEffects(store, 'o1')), ...(await listEffects(store, 'o2'))];
      return rows.length === 40 && rows.every((r) => r.status === 'done');
    });
    expect(order).toHaveLength(40);
    // Each channel's effects ran 0..19 in order; the two channels interleave freely.
    const seqsOf = (wf: string) => order.filter((o) => o.startsWith(`${wf}:`)).map((o) => Number(o.split(':')[1]));
    const inOrder = Array.from({ length: 20 }, (_, i) => i);
    expect(seqsOf('o1')).toEqual(inOrder);
    expect(seqsOf('o2')).toEqual(inOrder);
  });

  it('lets in-flight effects finish on shutdown, then releases what it could not finish', async () => {
    let release: (() => void) | undefined;
    const started: string[] = [];
    const registry = new EffectRegistry().define('test.effect', {
      handler: (effect, ctx) =>
        new Promise((resolve) => {
          started.push(effect.workflowId);
          if (effect.workflowId === 'slow') {
            ctx.signal.addEventListener('abort', () => resolve({ ok: false, error: { kind: 'retry', message: 'aborted by shutdown' } }));
          } else {
            release = () => resolve({ ok: true });
          }
        }),
    });
    engine = testEngine(store, registry, { ...fastSettings(), shutdownTimeoutMs: 300 });
    engine.start();
    await fireTimer('quick');
    await waitFor(() => started.includes('quick'));
    const stopping = engine.stop();
    setTimeout(() => release?.(), 100);
    await stopping;
    expect((await listEffects(store, 'quick'))[0]).toMatchObject({ status: 'done' });

    engine = testEngine(store, registry, { ...fastSettings(), shutdownTimeoutMs: 200 });
    engine.start();
    await fireTimer('slow');
    await waitFor(() => started.includes('slow'));
    await engine.stop();
    const [slow] = await listEffects(store, 'slow');
    expect(slow?.status).toBe('pending');
    expect(slow?.attempts).toBeLessThanOrEqual(1);
    engine = undefined;
  });
});
