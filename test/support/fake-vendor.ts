// Test support: a vendor API on loopback (node:http on 127.0.0.1) — records every request and answers
// through a route function, so a test proves an adapter really reaches the base URL it was given.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http.js';

export interface SeenRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when not JSON, or null when empty. */
  body: unknown;
  raw: string;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRoute = (req: SeenRequest) => FakeAnswer | 'hang' | Promise<FakeAnswer | 'hang'>;

export interface FakeVendor {
  /** `http://127.0.0.1:<port>` plus the prefix given. */
  base: string;
  seen: SeenRequest[];
  route: FakeRoute;
  close(): Promise<void>;
}

export async function startFakeVendor(route: FakeRoute, prefix = ''): Promise<FakeVendor> {
  const fake: FakeVendor = { base: '', seen: [], route, close: async () => {} };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: unknown = null;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', path: url.pathname, query: url.searchParams, headers: req.headers, body, raw };
      fake.seen.push(seen);
      const answer = await fake.route(seen);
      if (answer === 'hang') return;
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { ...(typeof answer.body === 'string' || answer.body === undefined ? {} : { 'content-type': 'application/json' }), ...answer.headers }).end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
