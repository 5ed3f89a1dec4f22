import { describe, expect, it } from 'vitest';
import { groupCall } from '../../../src/store/group-call.js';

/** A flush whose calls are answered by hand, so a test decides when the store "returns". */
function manualFlush() {
  const calls: Array<{ items: number[]; answer: (r: string[]) => void; fail: (e: unknown) => void }> = [];
  const flush = (items: number[]) => new Promise<string[]>((answer, fail) => calls.push({ items, answer, fail }));
  return { calls, flush };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('groupCall (group commit)', () => {
  it('sends an item at once when nothing is in flight, and items of one tick together', async () => {
    const { calls, flush } = manualFlush();
    const call = groupCall(flush);
    const a = call(1);
    const b = call(2);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2]]);
    calls[0]!.answer(['one', 'two']);
    expect(await Promise.all([a, b])).toEqual(['one', 'two']);
    expect(call.pending).toBe(0);
  });

  it('holds items that arrive while a call is in flight and sends them together next, in order', async () => {
    const { calls, flush } = manualFlush();
    const call = groupCall(flush);
    const first = call(1);
    await tick();
    const later = [call(2), call(3), call(4)];
    await tick();
    expect(calls).toHaveLength(1);
    expect(call.pending).toBe(4);
    calls[0]!.answer(['1']);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.answer(['2', '3', '4']);
    expect([await first, ...(await Promise.all(later))]).toEqual(['1', '2', '3', '4']);
  });

  it('never sends more than maxBatch items in one call', async () => {
    const { calls, flush } = manualFlush();
    const call = groupCall(flush, 2);
    const all = [1, 2, 3, 4, 5].map((n) => call(n));
    await tick();
    calls[0]!.answer(['a', 'b']);
    await tick();
    calls[1]!.answer(['c', 'd']);
    await tick();
    calls[2]!.answer(['e']);
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every item of a failed call and goes on with the next', async () => {
    const { calls, flush } = manualFlush();
    const call = groupCall(flush);
    const failed = [call(1), call(2)];
    await tick();
    const next = call(3);
    calls[0]!.fail(new Error('store down'));
    for (const p of failed) await expect(p).rejects.toThrow('store down');
    await tick();
    calls[1]!.answer(['three']);
    expect(await next).toBe('three');
  });

  it('rejects the items when the store answers a different number of results', async () => {
    const call = groupCall(async (items: number[]) => items.slice(1).map(String));
    await expect(Promise.all([call(1), call(2)])).rejects.toThrow('1 results for 2 items');
  });
});

describe('groupCall with several calls in flight', () => {
  it('sends up to `concurrency` calls at once, then groups what waits', async () => {
    const { calls, flush } = manualFlush();
    const call = groupCall(flush, 100, 2);
    const a = call(1);
    await tick();
    const b = call(2);
    await tick();
    const rest = [call(3), call(4)];
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
    calls[1]!.answer(['two']);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2], [3, 4]]);
    calls[0]!.answer(['one']);
    calls[2]!.answer(['three', 'four']);
    expect(await Promise.all([a, b, ...rest])).toEqual(['one', 'two', 'three', 'four']);
    expect(call.pending).toBe(0);
  });
});
