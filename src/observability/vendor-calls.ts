// Observability: counts every call the core makes to a vendor through a port (Chat, Pager,
// WebhookPager) by its outcome, without the adapters knowing. Ports answer errors as values, so the
// outcome is the result's error kind (retry, rate-limited, give-up), ok, or "error" for a throw.

export type VendorCallRecorder = (vendor: string, method: string, outcome: string) => void;

/** The port, with each method's outcome counted under `vendor` and the method's name. */
export function meteredPort<T extends object>(vendor: string, port: T, record: VendorCallRecorder): T {
  const wrapped = new Map<string, (...args: unknown[]) => unknown>();
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      let method = wrapped.get(prop);
      if (!method) {
        const call = value as (...args: unknown[]) => unknown;
        method = (...args: unknown[]) => {
          let result: unknown;
          try {
            // The adapter's own `this`, so its private fields keep working behind the proxy.
            result = call.apply(target, args);
          } catch (err) {
            record(vendor, prop, 'error');
            throw err;
          }
          if (!(result instanceof Promise)) return result;
          return result.then(
            (answer: unknown) => {
              record(vendor, prop, outcomeOf(answer));
              return answer;
            },
            (err: unknown) => {
              record(vendor, prop, 'error');
              throw err;
            },
          );
        };
        wrapped.set(prop, method);
      }
      return method;
    },
  });
}

function outcomeOf(answer: unknown): string {
  if (typeof answer !== 'object' || answer === null || !('ok' in answer) || answer.ok !== false) return 'ok';
  const kind = 'error' in answer && typeof answer.error === 'object' && answer.error !== null && 'kind' in answer.error ? answer.error.kind : undefined;
  return typeof kind === 'string' ? kind : 'error';
}
