// Edge: liveness, readiness and Prometheus metrics.
import type { Route } from './server.js';
import { sendJson } from './server.js';
import type { Transport } from '../../store/transport.js';
import type { Registry } from 'prom-client';

export interface HealthState {
  /** False once shutdown starts: the load balancer stops sending before we stop serving. */
  accepting: boolean;
}

export function healthRoutes(store: Transport, metrics: Registry, state: HealthState): Route[] {
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
    {
      method: 'GET',
      path: '/metrics',
      handler: async (_req, res) => {
        const text = await metrics.metrics();
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(text);
      },
    },
  ];
}
