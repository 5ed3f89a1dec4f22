// Store transport: a `pg` pool on DATABASE_URL — what several Firebreak replicas share.
import pg from 'pg';
import { StoreError, type SqlTransport } from '../transport.js';
import { redactSecrets, secretsOfUrl } from './redact.js';
import { createSqlRpc, isSqlState, isTransientSqlState } from './sql-call.js';

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** How long to wait for a connection before 'unavailable' (default 5 s). */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout (default none). */
  statementTimeoutMs?: number;
}

export interface PostgresTransport extends SqlTransport {
  readonly kind: 'postgres';
}

const INT8 = 20;
// int8 (count(*), identity ids) as a number when it fits, as PGlite returns it, so code and tests
// see the same row values on both SQL transports.
const parseInt8 = (v: string): number | bigint => (Number.isSafeInteger(Number(v)) ? Number(v) : BigInt(v));

export function openPostgres(url: string, options: PostgresOptions = {}): PostgresTransport {
  const secrets = secretsOfUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? false,
    application_name: 'firebreak',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (restart, failover) emits here; without a listener the
  // process would crash. The pool replaces it; the next call reports any lasting outage.
  pool.on('error', () => undefined);

  let closed = false;
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('unavailable', 'the postgres store is closed');
    try {
      return await run();
    } catch (err) {
      throw toStoreError(what, err, secrets);
    }
  };
  const query = async (sql: string, params: unknown[]) => (await pool.query<Record<string, unknown>>(sql, params)).rows;
  const rpc = createSqlRpc(query);

  return {
    kind: 'postgres',
    rpc: (fn, args) => guard(fn, () => rpc(fn, args)),
    // Without parameters pg uses the simple query protocol: several statements, one implicit transaction.
    exec: (sql) => guard('exec', async () => void (await pool.query(sql))),
    query: <Row>(sql: string, params: unknown[] = []) => guard('query', async () => (await query(sql, params)) as Row[]),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT',
]);

function toStoreError(what: string, err: unknown, secrets: string[]): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] };
  const code = typeof e.code === 'string' ? e.code : typeof e.errors?.[0]?.code === 'string' ? e.errors[0].code : undefined;
  const message = redactSecrets(String(e.message ?? err), secrets) || 'connection failed';
  const suffix = code ? ` (${isSqlState(code) ? `SQLSTATE ${code}` : code})` : '';
  // The cause carries the code only: pg's own error objects may hold the connection parameters.
  const cause = { code };
  if (isSqlState(code) && !NETWORK_CODES.has(code)) {
    return new StoreError(isTransientSqlState(code) ? 'unavailable' : 'rejected', `${what}: ${message}${suffix}`, { cause });
  }
  // Refused, reset, timed out, terminated, pool exhausted: the store, not the call.
  return new StoreError('unavailable', `postgres ${what}: ${message}${suffix}`, { cause });
}
