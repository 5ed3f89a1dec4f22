// Store: applies supabase/migrations/*.sql in order — the same files `supabase db push` applies.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError, type SqlTransport } from './transport.js';

export interface Migration {
  version: string;
  name: string;
  file: string;
}

const FILE = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;
// One key for every Firebreak that shares a database: replicas starting together apply in turn.
const LOCK_KEY = 7_311_420_915_000_001n;

/** The `supabase/migrations` folder, found by walking up from this module (src/ or dist/src/). */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'supabase', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no supabase/migrations folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function listMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .flatMap((file) => {
      const m = FILE.exec(file);
      return m ? [{ version: m[1]!, name: m[2]!, file: join(dir, file) }] : [];
    })
    .sort((a, b) => compareVersions(a.version, b.version));
}

export function latestMigrationVersion(dir = migrationsDir()): string {
  const all = listMigrations(dir);
  const last = all[all.length - 1];
  if (!last) throw new Error(`no migrations in ${dir}`);
  return last.version;
}

export function compareVersions(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Brings the database to the newest migration and returns the versions it applied (none when it
 * was already there). Each file runs with its bookkeeping row as one implicit transaction (one
 * multi-statement exec), under a transaction-scoped advisory lock, so a file is applied whole or
 * not at all, and exactly once however many replicas start together. Migration files therefore
 * must not contain BEGIN/COMMIT themselves. A database newer than this code is refused.
 */
export async function migrate(t: SqlTransport, dir = migrationsDir()): Promise<string[]> {
  const known = listMigrations(dir);
  const latest = known[known.length - 1]?.version ?? '0';
  await t.exec(`select pg_advisory_xact_lock(${LOCK_KEY});
    create table if not exists firebreak_migrations (
      version text primary key, name text not null, applied_at timestamptz not null default now());
    alter table firebreak_migrations enable row level security;`);

  const done = new Set((await t.query<{ version: string }>('select version from firebreak_migrations')).map((r) => r.version));
  const newest = [...done, await schemaFunctionVersion(t)].filter((v): v is string => !!v).sort(compareVersions).pop();
  if (newest && compareVersions(newest, latest) > 0) {
    throw new StoreError(
      'schema',
      `database schema is at ${newest}, newer than this Firebreak (knows up to ${latest}): upgrade Firebreak or point it at another database`,
    );
  }

  const applied: string[] = [];
  for (const m of known.filter((k) => !done.has(k.version))) {
    const sql = readFileSync(m.file, 'utf8');
    try {
      await t.exec(`select pg_advisory_xact_lock(${LOCK_KEY});
insert into firebreak_migrations (version, name) values (${literal(m.version)}, ${literal(m.name)});
${sql}`);
      applied.push(m.version);
    } catch (err) {
      // Another replica applied it while we waited for the lock: its row made ours a duplicate.
      if (err instanceof StoreError && err.message.includes('firebreak_migrations_pkey')) continue;
      if (err instanceof StoreError && err.kind === 'unavailable') throw err;
      throw new StoreError('schema', `migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { cause: err });
    }
  }
  return applied;
}

/** fb_schema_version() of a database migrated by other means (`supabase db push`), if any. */
async function schemaFunctionVersion(t: SqlTransport): Promise<string | undefined> {
  const [row] = await t.query<{ f: string | null }>(`select to_regprocedure('fb_schema_version()')::text as f`);
  if (!row?.f) return undefined;
  const version = await t.rpc<unknown>('fb_schema_version');
  return typeof version === 'string' ? version : undefined;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
