// Store: group commit for one kind of call. Items that arrive while the previous call is still in
// the store wait and go together in the next one; an item arriving when nothing is in flight goes at
// once (after the current tick, so items from the same tick share a call). Under load this turns
// many round trips and commits into a few; idle, it adds no delay.

export interface GroupCall<T, R> {
  (item: T): Promise<R>;
  /** Items waiting or in flight. */
  readonly pending: number;
}

/**
 * `flush(items)` answers one result per item, in order; if it throws, every item of that call is
 * rejected with the same error (each caller handles it as it would its own failed call).
 */
export function groupCall<T, R>(flush: (items: T[]) => Promise<R[]>, maxBatch = 100): GroupCall<T, R> {
  type Waiting = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };
  let queue: Waiting[] = [];
  let busy = false;
  let inFlight = 0;

  const next = (): void => {
    if (queue.length === 0) {
      busy = false;
      return;
    }
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    inFlight = batch.length;
    const settle = (each: (w: Waiting, i: number) => void) => {
      inFlight = 0;
      batch.forEach(each);
      next();
    };
    Promise.resolve().then(() => flush(batch.map((w) => w.item))).then(
      (results) => {
        if (results.length !== batch.length) throw new Error(`group call answered ${results.length} results for ${batch.length} items`);
        settle((w, i) => w.resolve(results[i]!));
      },
    ).catch((err: unknown) => settle((w) => w.reject(err)));
  };

  const call = (item: T) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!busy) {
        busy = true;
        queueMicrotask(next);
      }
    });
  return Object.defineProperty(call, 'pending', { get: () => queue.length + inFlight }) as GroupCall<T, R>;
}
