// Store transport: PGlite (PostgreSQL in WASM) persisted under FIREBREAK_DATA_DIR, behind a lock file.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDirLock } from '../lock.js';
import { StoreError, type SqlTransport } from '../transport.js';
import { createSqlRpc, isSqlState, isTransientSqlState } from './sql-call.js';

export interface EmbeddedTransport extends SqlTransport {
  readonly kind: 'embedded';
  readonly dataDir: string;
}

/** PostgreSQL's own files live in `<dataDir>/pgdata`, beside the lock file. */
export const PGDATA = 'pgdata';

/**
 * Opens (creating on first use: initdb takes seconds) the PGlite database under `dataDir`.
 * Throws StoreError 'unavailable' when another live process holds the data dir.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedTransport> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lock = await acquireDirLock(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(join(dir, PGDATA));
  } catch (err) {
    await lock.release();
    throw new StoreError('unavailable', `cannot open the embedded store at ${dir}: ${(err as Error).message}`, { cause: err });
  }

  let closed = false;
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('unavailable', `the embedded store at ${dir} is closed`);
    try {
      return await run();
    } catch (err) {
      throw toStoreError(what, err);
    }
  };
  const query = async (sql: string, params: unknown[]) => (await db.query<Record<string, unknown>>(sql, params)).rows;
  const rpc = createSqlRpc(query);

  return {
    kind: 'embedded',
    dataDir: dir,
    rpc: (fn, args) => guard(fn, () => rpc(fn, args)),
    exec: (sql) => guard('exec', async () => void (await db.exec(sql))),
    query: <Row>(sql: string, params: unknown[] = []) => guard('query', async () => (await query(sql, params)) as Row[]),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        await lock.release();
      }
    },
  };
}

function toStoreError(what: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  // A SQL error is the call's fault; anything else (a WASM abort, a closed instance) is the store's.
  if (isSqlState(code)) {
    return new StoreError(isTransientSqlState(code) ? 'unavailable' : 'rejected', `${what}: ${message} (SQLSTATE ${code})`, { cause: { code } });
  }
  return new StoreError('unavailable', `${what}: ${message}`, { cause: err });
}
