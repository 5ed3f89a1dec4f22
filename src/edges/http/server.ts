// Edge: the one HTTP server. Routes are a table so later edges (webhooks, Slack) add a line each;
// every handler answers quickly and never leaks a stack trace.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../observability/observer.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, or a prefix ending in '/' that matches everything below it ('/' itself is exact: the console's home). */
  path: string;
  /**
   * Below a prefix, only paths this matches (e.g. /incidents/<n>/postmortem.md beside the console's
   * /incidents/ pages): a route with a pattern is tried before the bare prefix after it.
   */
  pattern?: RegExp;
  handler: RouteHandler;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * `draining()` true (shutdown has begun): every answer closes its connection, so a keep-alive
 * client — the load balancer — opens its next one to a replica that is staying.
 */
export function createHttpServer(routes: readonly Route[], log: Logger, opts: { draining?: () => boolean } = {}): Server {
  const server = createServer((req, res) => {
    if (opts.draining?.()) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.find((r) => matches(r, path) && r.method === req.method);
    if (!route) {
      const pathKnown = routes.some((r) => matches(r, path));
      sendJson(res, pathKnown ? 405 : 404, { error: pathKnown ? `method ${req.method} not allowed` : `no route ${path}` });
      return;
    }
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((err: unknown) => {
        log.error({ err, path }, 'request failed');
        if (!res.headersSent) sendJson(res, 503, { error: 'temporarily unavailable, retry' });
        else res.end();
      });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

function matches(route: Route, path: string): boolean {
  if (route.pattern !== undefined && !route.pattern.test(path)) return false;
  return route.path.endsWith('/') && route.path !== '/' ? path.startsWith(route.path) : path === route.path;
}

export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * Stops accepting connections and lets requests in flight finish, for at most `graceMs`; then cuts
 * whatever is still open. A keep-alive connection is closed as soon as it has no request in flight
 * (node leaves one that goes idle after close() open until its client hangs up).
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
