// Edge: liveness and readiness. Readiness turns 503 as soon as shutdown starts, while requests are
// still served (the drain), so the load balancer stops sending before the listener closes.
import type { Route } from './server.js';
import { sendJson } from './server.js';
import type { Transport } from '../../store/transport.js';

export interface HealthState {
  /** False once shutdown starts: the load balancer stops sending before we stop serving. */
  accepting: boolean;
}

export function healthRoutes(store: Transport, state: HealthState): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        if (!state.accepting) return sendJson(res, 503, { status: 'shutting down' });
        try {
          await store.rpc('fb_schema_version', {});
          sendJson(res, 200, { status: 'ready', store: store.kind });
        } catch {
          sendJson(res, 503, { status: 'store unavailable', store: store.kind });
        }
      },
    },
  ];
}
