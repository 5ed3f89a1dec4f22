// Test support: an Executor (effects/ports.ts) that records every call and answers as told — ok,
// a vendor error, or hanging until released (a call in flight when the process is killed).
import type { ActionKind, ExecutionOutcome, ExecutionRequest, Executor, PortResult } from '../../src/effects/ports.js';

export interface FakeExecutor extends Executor {
  calls: ExecutionRequest[];
  /** What the next calls answer (default ok). */
  answer: (req: ExecutionRequest) => PortResult<ExecutionOutcome> | Promise<PortResult<ExecutionOutcome>>;
}

export function fakeExecutor(opts: { name?: string; idempotent?: boolean; kinds?: ActionKind[] } = {}): FakeExecutor {
  const fake: FakeExecutor = {
    name: opts.name ?? 'fake',
    idempotent: opts.idempotent ?? false,
    kinds: opts.kinds ?? ['block_ip', 'unblock_ip', 'disable_account', 'enable_account', 'rollback', 'run'],
    calls: [],
    answer: (req) => ({ ok: true, value: { detail: `${req.kind} ${Object.values(req.params).join(' ')} done`, reference: `ref-${req.requestId}`, link: 'https://edge.example/rules/1' } }),
    configured: () => true,
    async execute(req) {
      fake.calls.push(req);
      return fake.answer(req);
    },
  };
  return fake;
}

/** An executor that POSTs each request as JSON to `url` (a loopback fake in the test): 2xx = done. */
export function httpExecutor(url: string, opts: { name?: string; idempotent?: boolean } = {}): Executor {
  return {
    name: opts.name ?? 'http',
    idempotent: opts.idempotent ?? false,
    kinds: ['block_ip', 'unblock_ip', 'disable_account', 'enable_account', 'rollback', 'run'],
    configured: () => true,
    async execute(req, signal) {
      try {
        const res = await fetch(url, { method: 'POST', body: JSON.stringify(req), headers: { 'content-type': 'application/json' }, signal });
        if (res.ok) return { ok: true, value: { detail: `${req.kind} ${Object.values(req.params).join(' ')} done`, reference: `rule-${req.requestId}` } };
        return { ok: false, error: { kind: res.status >= 500 ? 'retry' : 'give-up', message: `HTTP ${res.status}` } };
      } catch (err) {
        return { ok: false, error: { kind: 'retry', message: err instanceof Error ? err.message : String(err) } };
      }
    },
  };
}
