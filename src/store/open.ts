// Store: picks the transport the configuration names, and makes sure its schema matches this code.
import { compareVersions, latestMigrationVersion, migrate, migrationsDir } from './migrate.js';
import { StoreError, type Transport } from './transport.js';
import { openEmbedded } from './transports/embedded.js';
import { openPostgres } from './transports/postgres.js';
import { openSupabase } from './transports/supabase.js';

/** Structurally src/config/secret.ts's Secret: only reveal() hands the value out. */
interface SecretLike {
  reveal(): string;
}

export type StoreConfig =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'postgres'; url: SecretLike; migrationUrl?: SecretLike; poolSize?: number }
  | { kind: 'supabase'; url: string; serviceRoleKey: SecretLike };

export interface OpenOptions {
  /** Where the migrations are (default: the repository's supabase/migrations). */
  migrationsDir?: string;
}

/**
 * Opens the store and brings it to this code's schema: embedded and postgres apply pending
 * migrations (see migrate.ts); supabase cannot run DDL through PostgREST, so its schema version is
 * checked and a mismatch refused with the command that fixes it. Throws StoreError.
 */
export async function openTransport(config: StoreConfig, options: OpenOptions = {}): Promise<Transport> {
  const dir = options.migrationsDir ?? migrationsDir();
  if (config.kind === 'supabase') {
    const t = openSupabase({ url: config.url, serviceRoleKey: config.serviceRoleKey.reveal() });
    await closeOnError(t, () => checkSchemaVersion(t, dir, SUPABASE_WORDS));
    return t;
  }
  if (config.kind === 'embedded') {
    const t = await openEmbedded(config.dataDir);
    await closeOnError(t, () => migrate(t, dir));
    return t;
  }
  return openPostgresStore(config, dir);
}

interface SchemaWords {
  database: string;
  /** What brings an older schema up to date. */
  fix: string;
  /** What to do when the role may not even call fb_schema_version(). */
  denied?: string;
}

const SUPABASE_WORDS: SchemaWords = { database: 'the Supabase database', fix: 'run `supabase db push`' };
const POSTGRES_WORDS: SchemaWords = {
  database: 'the database',
  fix: "run `firebreak migrate` with DATABASE_MIGRATION_URL set to a role that owns the schema (DATABASE_URL's role may not change it)",
  denied: "DATABASE_URL's role may not call Firebreak's functions: make it a member of firebreak_runtime (GRANT firebreak_runtime TO <that role>)",
};

/**
 * With DATABASE_MIGRATION_URL the migrations run on a short-lived connection as the schema's owner,
 * and the pool on DATABASE_URL (a member of firebreak_runtime, which may only call the functions)
 * checks that the schema it will use is this code's. Without it, DATABASE_URL migrates as before;
 * if its role may not (a runtime role whose schema another job migrates), the version is checked.
 */
async function openPostgresStore(config: Extract<StoreConfig, { kind: 'postgres' }>, dir: string): Promise<Transport> {
  if (config.migrationUrl) {
    const owner = openPostgres(config.migrationUrl.reveal(), { poolSize: 1 });
    try {
      await migrate(owner, dir);
    } catch (err) {
      // Say which connection failed: the two URLs usually name different roles.
      if (!(err instanceof StoreError)) throw err;
      throw new StoreError(err.kind, `migrating through DATABASE_MIGRATION_URL: ${err.message}`, { cause: err.cause });
    } finally {
      await owner.close();
    }
  }
  const t = openPostgres(config.url.reveal(), config.poolSize === undefined ? {} : { poolSize: config.poolSize });
  await closeOnError(t, async () => {
    if (config.migrationUrl) return checkSchemaVersion(t, dir, POSTGRES_WORDS);
    try {
      await migrate(t, dir);
    } catch (err) {
      if (!isPermissionDenied(err)) throw err;
      await checkSchemaVersion(t, dir, POSTGRES_WORDS);
    }
  });
  return t;
}

export function checkSupabaseSchema(t: Transport, dir = migrationsDir()): Promise<void> {
  return checkSchemaVersion(t, dir, SUPABASE_WORDS);
}

/** Refuses a database whose fb_schema_version() is not this code's newest migration. */
async function checkSchemaVersion(t: Transport, dir: string, words: SchemaWords): Promise<void> {
  const needed = latestMigrationVersion(dir);
  let version: unknown;
  try {
    version = await t.rpc('fb_schema_version');
  } catch (err) {
    if (words.denied && isPermissionDenied(err)) throw new StoreError('schema', words.denied, { cause: (err as Error).cause });
    if (!isMissingFunction(err)) throw err;
    version = 'none'; // no Firebreak migration was ever applied
  }
  const at = typeof version === 'string' ? version : JSON.stringify(version);
  if (at === needed) return;
  if (at !== 'none' && compareVersions(at, needed) > 0) {
    throw new StoreError('schema', `${words.database} is at schema ${at}, newer than this Firebreak (knows up to ${needed}): upgrade Firebreak`);
  }
  throw new StoreError('schema', `${words.database} is at schema ${at}, this Firebreak needs ${needed}: ${words.fix}`);
}

/** SQLSTATE 42501 anywhere in the cause chain (migrate wraps the failing statement's error). */
function isPermissionDenied(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '42501') return true;
  }
  return false;
}

/** PostgREST's "no such function in the schema cache" (404 PGRST202). */
function isMissingFunction(err: unknown): boolean {
  if (!(err instanceof StoreError) || err.kind !== 'rejected') return false;
  const cause = err.cause as { code?: string; status?: number } | undefined;
  return cause?.code === 'PGRST202' || cause?.code === '42883' || cause?.status === 404;
}

async function closeOnError(t: Transport, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    await t.close().catch(() => undefined);
    throw err;
  }
}
