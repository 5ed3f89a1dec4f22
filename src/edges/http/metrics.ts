// Edge: GET /metrics for Prometheus. Closed unless configured: METRICS_TOKEN asks every scrape for
// `Authorization: Bearer <token>` (compared in constant time); METRICS_PORT serves it on a listener
// of its own (for a network only Prometheus reaches), and then never on the main port.
import type { Registry } from 'prom-client';
import type { Secret } from '../../config/secret.js';
import { bearerToken, constantTimeEqual, revealed } from '../../integrations/verify.js';
import { sendJson, type Route } from './server.js';

export interface MetricsAccess {
  token?: Secret;
  port?: number;
}

/** The /metrics route for a listener: the main one (`own` false) or METRICS_PORT's. */
export function metricsRoutes(registry: Registry, access: MetricsAccess, listener: 'main' | 'own'): Route[] {
  if (listener === 'main' && access.port !== undefined) return [];
  const token = revealed(access.token);
  if (listener === 'main' && token === null) {
    return [{ method: 'GET', path: '/metrics', handler: (_req, res) => sendJson(res, 404, { error: 'metrics are off: set METRICS_TOKEN (bearer) or METRICS_PORT (a listener of their own)' }) }];
  }
  return [
    {
      method: 'GET',
      path: '/metrics',
      handler: async (req, res) => {
        if (token !== null) {
          const given = bearerToken(req.headers);
          if (given === null || !constantTimeEqual(given, token)) {
            return sendJson(res, 401, { error: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' }, { 'www-authenticate': 'Bearer realm="metrics"' });
          }
        }
        const text = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      },
    },
  ];
}
