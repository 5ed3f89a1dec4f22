// Store: group commit for one kind of call. Items that arrive while `concurrency` calls are already
// in the store wait and go together in the next one; an item arriving when a slot is free goes at
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
export function groupCall<T, R>(flush: (items: T[]) => Promise<R[]>, maxBatch = 100, concurrency = 1): GroupCall<T, R> {
  type Waiting = { item: T; resolve: (r: R) => void; reject: (err: unknown) => void };
  let queue: Waiting[] = [];
  /** Calls in the store, or about to go (scheduled for the end of this tick). */
  let slots = 0;
  let inFlight = 0;

  const send = (): void => {
    if (queue.length === 0) {
      slots--;
      return;
    }
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    inFlight += batch.length;
    const settle = (each: (w: Waiting, i: number) => void) => {
      inFlight -= batch.length;
      batch.forEach(each);
      send();
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
      if (slots < concurrency) {
        slots++;
        queueMicrotask(send);
      }
    });
  return Object.defineProperty(call, 'pending', { get: () => queue.length + inFlight }) as GroupCall<T, R>;
}
