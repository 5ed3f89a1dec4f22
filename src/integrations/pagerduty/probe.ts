// PagerDuty: the breaker's probe. The Events API v2 has no health method, so the probe sends an empty
// event: PagerDuty answers 400 "Event object is invalid" without creating anything, which proves the
// endpoint is up; a 5xx, a timeout or a refused connection means it is not.
import type { PortResult } from '../../effects/ports.js';
import { vendorCall } from '../http.js';
import { DEFAULT_EVENTS_URL } from './events.js';

export function pagerDutyProbe(opts: { eventsUrl?: string; fetch?: typeof fetch; timeoutMs?: number }): () => Promise<PortResult<unknown>> {
  return async () => {
    const r = await vendorCall({
      vendor: 'pagerduty', baseUrl: opts.eventsUrl ?? DEFAULT_EVENTS_URL, path: '/v2/enqueue', method: 'POST', body: {},
      timeoutMs: opts.timeoutMs ?? 5_000, ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    // The expected answer is a 400 (give-up): an answer all the same.
    return r.ok || r.error.kind === 'give-up' ? { ok: true, value: null } : r;
  };
}
