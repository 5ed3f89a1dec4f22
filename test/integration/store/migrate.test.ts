// Store migrations, on PGlite copies of the migrated template (the lock: embedded-lock.test.ts).
import { existsSync } from 'node:fs';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestMigrationVersion, listMigrations, migrate, migrationsDir } from '../../../src/store/migrate.js';
import { openTransport } from '../../../src/store/open.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { openEmbedded } from '../../../src/store/transports/embedded.js';
import { copyTemplateDataDir, openTestEmbedded } from '../../support/store/embedded.js';

const open: SqlTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});
const track = <T extends SqlTransport>(t: T): T => (open.push(t), t);

/** A migrations folder with the real files plus extra ones. */
async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-migrations-'));
  await cp(migrationsDir(), dir, { recursive: true });
  for (const [file, sql] of Object.entries(extra)) await writeFile(join(dir, file), sql);
  return dir;
}

describe('migrate', () => {
  it('finds the migrations in timestamp order and knows the newest', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual([...versions].sort());
    expect(latestMigrationVersion()).toBe(versions.at(-1));
  });

  it('leaves fb_schema_version() at the newest migration, so supabase can be checked', async () => {
    const t = track(await openTestEmbedded());
    expect(await t.rpc('fb_schema_version')).toBe(latestMigrationVersion());
  });

  it('applies a pending migration once; applying again is a no-op', async () => {
    const t = track(await openTestEmbedded());
    expect(await migrate(t)).toEqual([]);
    const dir = await migrationsWith({ '29990101000000_add_notes.sql': 'create table notes (id int primary key);\nalter table notes enable row level security;' });
    expect(await migrate(t, dir)).toEqual(['29990101000000']);
    expect(await migrate(t, dir)).toEqual([]);
    const rows = await t.query<{ version: string; name: string }>('select version, name from firebreak_migrations order by version');
    expect(rows.at(-1)).toEqual({ version: '29990101000000', name: 'add_notes' });
  });

  it('applies a failing migration not at all', async () => {
    const t = track(await openTestEmbedded());
    const dir = await migrationsWith({ '29990101000000_broken.sql': 'create table half (id int);\nselect no_such_column from workflows;' });
    await expect(migrate(t, dir)).rejects.toMatchObject({ kind: 'schema', message: expect.stringContaining('migration 29990101000000_broken failed') });
    expect(await t.query(`select to_regclass('half') as r`)).toEqual([{ r: null }]);
    expect(await t.query(`select 1 from firebreak_migrations where version = '29990101000000'`)).toEqual([]);
  });

  it('refuses a database with a recorded version newer than every migration it knows', async () => {
    const dataDir = await copyTemplateDataDir();
    const t = await openEmbedded(dataDir);
    await t.exec(`insert into firebreak_migrations (version, name) values ('29990101000000', 'from_the_future')`);
    await t.close();
    await expect(openTransport({ kind: 'embedded', dataDir })).rejects.toMatchObject({
      kind: 'schema',
      message: `database schema is at 29990101000000, newer than this Firebreak (knows up to ${latestMigrationVersion()}): upgrade Firebreak or point it at another database`,
    });
    expect(existsSync(join(dataDir, 'firebreak.lock'))).toBe(false); // refused, and let go of the dir
  });
});
