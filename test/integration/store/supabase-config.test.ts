// supabase/config.toml: what the Supabase CLI needs to run `supabase db push` on a fresh clone. The
// CLI is not installed here, so the file is held to the rules the CLI applies when it loads it
// (pkg/config/config.go: unknown keys are refused, project_id and db.major_version are checked) and
// to its migration file pattern (pkg/migration/file.go).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../../../src/store/migrate.js';

const supabaseDir = dirname(migrationsDir());
const config = parse(readFileSync(join(supabaseDir, 'config.toml'), 'utf8')) as Record<string, unknown>;

/** The keys of the sections we set, as the CLI's config template (pkg/config/templates/config.toml) documents them. */
const DOCUMENTED = {
  '': ['project_id', 'db'],
  db: ['port', 'shadow_port', 'major_version', 'pooler', 'migrations', 'seed', 'network_restrictions', 'vault'],
  'db.migrations': ['enabled', 'schema_paths'],
  'db.seed': ['enabled', 'sql_paths'],
} as const;

function section(path: string): Record<string, unknown> {
  return path === '' ? config : (path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config) as Record<string, unknown>);
}

describe('supabase/config.toml', () => {
  it('uses only keys the CLI documents', () => {
    for (const [path, keys] of Object.entries(DOCUMENTED)) {
      expect(Object.keys(section(path)).filter((k) => !(keys as readonly string[]).includes(k)), `[${path}]`).toEqual([]);
    }
  });

  it('has a project_id the CLI takes as it is, and a database version it supports', () => {
    // The CLI replaces anything outside [a-zA-Z0-9_.-], trims leading _.- and cuts at 40 characters.
    expect(config.project_id).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,39}$/);
    expect([13, 14, 15, 17]).toContain(section('db').major_version);
  });

  it('lets `supabase db push` apply the migrations, every file under the name pattern it reads', () => {
    expect(section('db.migrations').enabled).toBe(true);
    const files = readdirSync(migrationsDir());
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !/^([0-9]+)_(.*)\.sql$/.test(f))).toEqual([]);
  });
});
