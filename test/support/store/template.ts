// Test support: one migrated PGlite data dir per migration set, built once and cached on disk.
import { readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMigratedTemplate } from '../../../src/store/transports/embedded-template.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cacheRoot = join(root, '.firebreak-test');

/**
 * The path of a Firebreak data dir (pgdata inside) migrated to the current migrations, kept in
 * .firebreak-test/ across runs (initdb costs ~8 s).
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = await ensureMigratedTemplate({ dir: cacheRoot, prefix: 'pglite-template-' });
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
