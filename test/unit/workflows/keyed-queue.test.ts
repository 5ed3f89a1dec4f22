import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../../src/workflows/keyed-queue.js';
import { SnapshotCache } from '../../../src/workflows/snapshot-cache.js';
import { Waker } from '../../../src/workflows/waker.js';

describe('KeyedQueue', () => {
  it('runs tasks for one key one at a time, in order, even when one fails', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms);
      });
    const results = await Promise.allSettled([q.run('a', task('1', 20, true)), q.run('a', task('2', 1)), q.run('b', task('3', 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end 1')).toBeLessThan(log.indexOf('start 2'));
    expect(log.indexOf('start 3')).toBeLessThan(log.indexOf('end 1'));
    expect(q.size).toBe(0);
  });
});

describe('SnapshotCache', () => {
  it('evicts the least recently used entry past its capacity', () => {
    const c = new SnapshotCache(2);
    const entry = (v: number) => ({ kind: 'k', version: v, snapshot: {} as never });
    c.set('a', entry(1));
    c.set('b', entry(1));
    c.get('a');
    c.set('c', entry(1));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')?.version).toBe(1);
    expect(c.size).toBe(2);
  });

  it('keeps nothing when its capacity is 0', () => {
    const c = new SnapshotCache(0);
    c.set('a', { kind: 'k', version: 1, snapshot: {} as never });
    expect(c.size).toBe(0);
  });
});

describe('Waker', () => {
  it('keeps a wake that arrives while nobody sleeps', async () => {
    const w = new Waker();
    w.wake();
    const started = Date.now();
    await w.sleep(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
