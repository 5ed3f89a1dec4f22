// Store: picks the transport the configuration names, and makes sure its schema matches this code.
import { compareVersions, latestMigrationVersion, migrate } from './migrate.js';
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
  | { kind: 'postgres'; url: SecretLike; poolSize?: number }
  | { kind: 'supabase'; url: string; serviceRoleKey: SecretLike };

/**
 * Opens the store and brings it to this code's schema: embedded and postgres apply pending
 * migrations (see migrate.ts); supabase cannot run DDL through PostgREST, so its schema version is
 * checked and a mismatch refused with the command that fixes it. Throws StoreError.
 */
export async function openTransport(config: StoreConfig): Promise<Transport> {
  if (config.kind === 'supabase') {
    const t = openSupabase({ url: config.url, serviceRoleKey: config.serviceRoleKey.reveal() });
    await closeOnError(t, () => checkSupabaseSchema(t));
    return t;
  }
  const t =
    config.kind === 'embedded'
      ? await openEmbedded(config.dataDir)
      : openPostgres(config.url.reveal(), config.poolSize === undefined ? {} : { poolSize: config.poolSize });
  await closeOnError(t, () => migrate(t));
  return t;
}

export async function checkSupabaseSchema(t: Transport): Promise<void> {
  const needed = latestMigrationVersion();
  let version: unknown;
  try {
    version = await t.rpc('fb_schema_version');
  } catch (err) {
    if (!isMissingFunction(err)) throw err;
    version = 'none'; // no Firebreak migration was ever pushed
  }
  const at = typeof version === 'string' ? version : JSON.stringify(version);
  if (at === needed) return;
  if (at !== 'none' && compareVersions(at, needed) > 0) {
    throw new StoreError('schema', `the Supabase database is at schema ${at}, newer than this Firebreak (knows up to ${needed}): upgrade Firebreak`);
  }
  throw new StoreError('schema', `the Supabase database is at schema ${at}, this Firebreak needs ${needed}: run \`supabase db push\``);
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
