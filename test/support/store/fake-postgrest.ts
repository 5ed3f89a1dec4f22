// Test support: a loopback stand-in for Supabase's PostgREST, answering supabase-js `.rpc()` calls
// by running the same SQL function on a real database (PGlite or pg) behind it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StoreError, type SqlTransport } from '../../../src/store/transport.js';

export interface FakePostgrest {
  /** Base URL for createClient, e.g. http://127.0.0.1:54321 */
  readonly url: string;
  /** Every request seen: method, path and the auth headers. */
  readonly requests: { method: string; path: string; apikey?: string; authorization?: string }[];
  /** Answer every request with this status (e.g. 503, PostgREST's "cannot reach the database"); null to stop. */
  failWith(status: number | null): void;
  close(): Promise<void>;
}

const RPC_PATH = /^\/rest\/v1\/rpc\/([^/?]+)$/;

export async function startFakePostgrest(db: SqlTransport, serviceRoleKey: string): Promise<FakePostgrest> {
  let failure: number | null = null;
  const requests: FakePostgrest['requests'] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, pgrstError('PGRST000', String(err))));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0]!;
    const apikey = header(req, 'apikey');
    const authorization = header(req, 'authorization');
    requests.push({ method: req.method ?? '', path, apikey, authorization });
    const body = await readBody(req);
    if (failure !== null) {
      return send(res, failure, pgrstError('PGRST001', 'Database client error. Retrying the connection.'));
    }
    if (apikey !== serviceRoleKey || authorization !== `Bearer ${serviceRoleKey}`) {
      return send(res, 401, { code: 'PGRST301', message: 'Invalid API key', details: null, hint: null });
    }
    const match = RPC_PATH.exec(path);
    if (req.method !== 'POST' || !match) return send(res, 404, pgrstError('PGRST125', `Invalid path ${path}`));
    const fn = decodeURIComponent(match[1]!);
    let args: Record<string, unknown>;
    try {
      args = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    } catch {
      return send(res, 400, pgrstError('PGRST102', 'Empty or invalid json'));
    }
    try {
      send(res, 200, await db.rpc(fn, args));
    } catch (err) {
      send(res, ...toPostgrestError(fn, args, err));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith: (status) => void (failure = status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** PostgREST's mapping of the SQL error to an HTTP status, with its error body shape. */
function toPostgrestError(fn: string, args: Record<string, unknown>, err: unknown): [number, unknown] {
  if (!(err instanceof StoreError)) return [500, pgrstError('PGRST000', String(err))];
  if (err.kind === 'unavailable') return [503, pgrstError('PGRST001', err.message)];
  const code = (err.cause as { code?: string } | undefined)?.code ?? 'P0001';
  if (code === '42883') {
    const message = `Could not find the function public.${fn}(${Object.keys(args).sort().join(', ')}) in the schema cache`;
    return [404, pgrstError('PGRST202', message)];
  }
  const status = code === '23505' ? 409 : code === '42501' ? 403 : 400;
  const message = err.message.replace(`${fn}: `, '').replace(/ \(SQLSTATE \w+\)$/, '');
  return [status, { code, message, details: null, hint: null }];
}

function pgrstError(code: string, message: string) {
  return { code, message, details: null, hint: null };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body ?? null));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
