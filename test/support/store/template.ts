// Test support: one migrated PGlite data dir per migration set, built once and cached on disk.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, migrate } from '../../../src/store/migrate.js';
import { openEmbedded } from '../../../src/store/transports/embedded.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cacheRoot = join(root, '.firebreak-test');

/**
 * The path of a Firebreak data dir (pgdata inside) migrated to the current migrations. initdb costs
 * ~8 s, so it is keyed by the migrations' content and PGlite's version and kept in .firebreak-test/
 * across runs; it is built in a scratch dir and renamed into place, so concurrent builders are safe.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = join(cacheRoot, `pglite-template-${templateKey()}`);
  if (existsSync(join(dir, 'pgdata', 'PG_VERSION'))) return dir;
  await mkdir(cacheRoot, { recursive: true });
  const scratch = `${dir}.building-${process.pid}-${Date.now()}`;
  const t = await openEmbedded(scratch);
  try {
    await migrate(t);
  } finally {
    await t.close();
  }
  try {
    await rename(scratch, dir);
  } catch {
    await rm(scratch, { recursive: true, force: true }); // another builder won the race
  }
  await pruneOldTemplates(dir);
  return dir;
}

/** Templates of earlier migration sets (40 MB each) go once they are an hour old. */
async function pruneOldTemplates(keep: string): Promise<void> {
  for (const name of await readdir(cacheRoot)) {
    const path = join(cacheRoot, name);
    if (path === keep || !name.startsWith('pglite-template-')) continue;
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > 3_600_000) await rm(path, { recursive: true, force: true });
  }
}

function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json')));
  for (const m of listMigrations()) hash.update(basename(m.file)).update(readFileSync(m.file));
  return hash.digest('hex').slice(0, 16);
}
