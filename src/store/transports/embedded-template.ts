// Store: a migrated embedded data dir built once and copied many times. initdb plus the migrations
// cost seconds; copying the result costs a fraction of one. Keyed by the migrations' content, the
// PGlite version and the caller's own setup, so a changed schema builds a fresh template.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { listMigrations, migrate } from '../migrate.js';
import { openEmbedded, PGDATA, type EmbeddedTransport } from './embedded.js';

export interface TemplateOptions {
  /** Where templates are kept; each is `<dir>/<prefix><key>`. */
  dir: string;
  prefix: string;
  /** Runs on the new store before the migrations (a drill installs its clock); part of the key. */
  prepare?: { sql: string; run: (store: EmbeddedTransport) => Promise<void> };
}

/**
 * The path of a data dir (pgdata inside) migrated to this code's migrations. Built in a scratch dir
 * and renamed into place, so processes building it at once are safe.
 */
export async function ensureMigratedTemplate(opts: TemplateOptions): Promise<string> {
  const dir = join(opts.dir, `${opts.prefix}${templateKey(opts.prepare?.sql ?? '')}`);
  if (existsSync(join(dir, PGDATA, 'PG_VERSION'))) return dir;
  await mkdir(opts.dir, { recursive: true });
  const scratch = `${dir}.building-${process.pid}-${Date.now()}`;
  const store = await openEmbedded(scratch);
  try {
    await opts.prepare?.run(store);
    await migrate(store);
  } finally {
    await store.close();
  }
  try {
    await rename(scratch, dir);
  } catch {
    await rm(scratch, { recursive: true, force: true }); // another builder won the race
  }
  return dir;
}

function templateKey(setup: string): string {
  const hash = createHash('sha256').update(setup).update(pgliteVersion());
  for (const m of listMigrations()) hash.update(basename(m.file)).update(readFileSync(m.file));
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
