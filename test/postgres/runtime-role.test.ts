// The runtime role on the real PostgreSQL: the server connects as a member of firebreak_runtime
// (DATABASE_URL) and migrates as the owner (DATABASE_MIGRATION_URL). The runtime role can call the
// store's functions and nothing else — in particular it cannot rewrite, empty or unprotect audit_log.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMigrationVersion, migrate, migrationsDir } from '../../src/store/migrate.js';
import { openTransport } from '../../src/store/open.js';
import type { SqlTransport, Transport } from '../../src/store/transport.js';
import { openPostgres } from '../../src/store/transports/postgres.js';
import { startFirebreakProcess, stopFirebreakProcess, writeConfig } from '../support/firebreak-process.js';
import { API_ROLES, explainFunctionProblems, openFunctionProblems } from '../support/store/function-privileges.js';
import { admin, openTestPostgres, type TestPostgres } from '../support/store/postgres.js';
import { deliver, SECRETS } from '../support/webhooks.js';

const dbs: TestPostgres[] = [];
const loginRoles: string[] = [];
const open: Transport[] = [];
const track = <T extends Transport>(t: T): T => (open.push(t), t);

afterAll(async () => {
  await Promise.all(open.map((t) => t.close()));
  await Promise.all(dbs.map((db) => db.close()));
  for (const role of loginRoles) await admin(`drop role if exists ${role}`);
});

async function freshDb(options: { migrate?: boolean } = {}): Promise<TestPostgres> {
  const db = await openTestPostgres(options);
  dbs.push(db);
  return db;
}

/** A LOGIN role (trust authentication here), optionally a member of `group`. Roles are per server. */
async function loginRole(group?: string): Promise<string> {
  const name = `firebreak_test_${randomBytes(5).toString('hex')}`;
  await admin(`create role ${name} login${group ? ` in role ${group}` : ''}`);
  loginRoles.push(name);
  return name;
}

function urlAs(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

const secret = (value: string) => ({ reveal: () => value });

/** The real migrations plus one more from the future, which moves fb_schema_version on. */
async function migrationsWithNext(): Promise<{ dir: string; version: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-migrations-'));
  await cp(migrationsDir(), dir, { recursive: true });
  const version = '29990101000000';
  await writeFile(
    join(dir, `${version}_next.sql`),
    `create table if not exists next_notes (id int primary key);
alter table next_notes enable row level security;
create or replace function fb_schema_version() returns jsonb language sql immutable
security definer set search_path = public, pg_temp as $$ select to_jsonb('${version}'::text); $$;`,
  );
  return { dir, version };
}

describe('the runtime role (a member of firebreak_runtime)', () => {
  let db: TestPostgres;
  let runtimeUrl: string;
  beforeAll(async () => {
    db = await freshDb();
    runtimeUrl = urlAs(db.url, await loginRole('firebreak_runtime'));
  });

  it('cannot update, delete, truncate or unprotect the audit log, and reaches data only through the functions', async () => {
    const runtime = track(openPostgres(runtimeUrl, { poolSize: 1 }));
    const subject = `subject-${randomBytes(4).toString('hex')}`;
    await runtime.rpc('fb_audit_append', { p_actor: 'U1', p_action: 'approve', p_subject: subject });

    const refused = [
      `update audit_log set actor = 'someone else'`,
      'delete from audit_log',
      'truncate audit_log',
      'alter table audit_log disable trigger audit_log_no_change',
      'alter table audit_log disable trigger all',
      'drop trigger audit_log_no_truncate on audit_log',
      'drop table audit_log',
      // Replica mode skips ordinary triggers: only a superuser may set it.
      'set session_replication_role = replica',
      `insert into audit_log (actor, action) values ('U9', 'forged')`,
      'select * from audit_log',
      'update workflows set status = $$done$$',
      'create function fb_sneaky() returns int language sql as $$ select 1 $$',
      'alter function fb_audit_append(text, text, text, jsonb) security invoker',
    ];
    for (const sql of refused) {
      const err = await runtime.exec(sql).then(() => undefined, (e: unknown) => e);
      expect(err, sql).toMatchObject({ name: 'StoreError', kind: 'rejected', message: expect.stringContaining('SQLSTATE 42501') });
    }

    expect(await runtime.rpc('fb_audit_list', { p_subject: subject })).toEqual([
      expect.objectContaining({ actor: 'U1', action: 'approve', subject }),
    ]);
  });

  it('runs the server: starts, ingests an alert that declares an incident, runs its steps and effects, stops cleanly', async () => {
    const server = await startFirebreakProcess({
      DATABASE_URL: runtimeUrl,
      DATABASE_MIGRATION_URL: db.url,
      WEBHOOK_TOKEN: SECRETS.WEBHOOK_TOKEN,
      FIREBREAK_CONFIG: writeConfig('routing:\n  defaults: { declare: sev2 }\n'),
      LOG_LEVEL: 'warn',
    });
    try {
      expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'postgres' });
      const body = Buffer.from(JSON.stringify({ key: 'runtime-role', status: 'firing', title: 'Disk full', severity: 'sev2', service: 'db' }));
      expect((await deliver(server.url, 'generic', body)).status).toBe(202);

      // Looked at as the owner: the incident exists, its workflow has stepped past its creation, and
      // effects ran (local chat mode: they are rendered to the log and completed).
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [row] = await db.query<{ incidents: number; version: number; done: number }>(
          `select (select count(*)::int from incidents where service = 'db') as incidents,
                  (select coalesce(max(w.version), 0)::int from workflows w join incidents i on i.id = w.id) as version,
                  (select count(*)::int from outbox where status = 'done') as done`,
        );
        if (row!.incidents === 1 && row!.version >= 2 && row!.done > 0) break;
        if (Date.now() > deadline) throw new Error(`the incident did not run: ${JSON.stringify(row)}\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const [dead] = await db.query<{ n: number }>(`select count(*)::int as n from outbox where status = 'dead'`);
      expect(dead!.n).toBe(0);
      // The server's pool is the runtime role's: the work above was done as firebreak_runtime.
      const [pool] = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = $1 and usename = $2`,
        [db.database, new URL(runtimeUrl).username],
      );
      expect(pool!.n).toBeGreaterThan(0);
    } finally {
      await stopFirebreakProcess(server);
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/permission denied|42501/);
  }, 90_000);
});

describe('opening the postgres store with a runtime role', () => {
  it('migrates through DATABASE_MIGRATION_URL as the owner and serves the pool as the runtime role', async () => {
    const db = await freshDb();
    const runtimeUrl = urlAs(db.url, await loginRole('firebreak_runtime'));
    const next = await migrationsWithNext();

    await expect(openTransport({ kind: 'postgres', url: secret(runtimeUrl) }, { migrationsDir: next.dir })).rejects.toMatchObject({
      kind: 'schema',
      message:
        `the database is at schema ${latestMigrationVersion()}, this Firebreak needs ${next.version}: ` +
        "run `firebreak migrate` with DATABASE_MIGRATION_URL set to a role that owns the schema (DATABASE_URL's role may not change it)",
    });

    const t = track(await openTransport({ kind: 'postgres', url: secret(runtimeUrl), migrationUrl: secret(db.url) }, { migrationsDir: next.dir }));
    expect(await t.rpc('fb_schema_version')).toBe(next.version);
    const [owner] = await db.query<{ owner: string }>(`select tableowner as owner from pg_tables where tablename = 'next_notes'`);
    expect(owner!.owner).toBe('postgres');

    // Replicas that have only DATABASE_URL start once another job has migrated.
    track(await openTransport({ kind: 'postgres', url: secret(runtimeUrl) }, { migrationsDir: next.dir }));
  });

  it('works with an owner that is no superuser, as the README sets it up', async () => {
    const db = await freshDb({ migrate: false });
    const owner = await loginRole();
    await db.exec(`grant create on schema public to ${owner}`);
    const runtimeUrl = urlAs(db.url, await loginRole('firebreak_runtime'));
    const t = track(await openTransport({ kind: 'postgres', url: secret(runtimeUrl), migrationUrl: secret(urlAs(db.url, owner)) }));

    const [owned] = await db.query<{ tables: string[]; functions: string[] }>(
      `select array(select distinct tableowner::text from pg_tables where schemaname = 'public') as tables,
              array(select distinct pg_get_userbyid(proowner)::text from pg_proc where pronamespace = 'public'::regnamespace) as functions`,
    );
    expect(owned).toEqual({ tables: [owner], functions: [owner] });
    await t.rpc('fb_audit_append', { p_actor: 'U1', p_action: 'approve' });
    await expect((t as SqlTransport).exec('alter table audit_log disable trigger all')).rejects.toMatchObject({ message: expect.stringContaining('42501') });
  });

  it('refuses a DATABASE_URL whose role is not in firebreak_runtime, in one line', async () => {
    const db = await freshDb();
    const outsiderUrl = urlAs(db.url, await loginRole());
    const denied = "DATABASE_URL's role may not call Firebreak's functions: make it a member of firebreak_runtime (GRANT firebreak_runtime TO <that role>)";
    await expect(openTransport({ kind: 'postgres', url: secret(outsiderUrl) })).rejects.toMatchObject({ kind: 'schema', message: denied });
    await expect(openTransport({ kind: 'postgres', url: secret(outsiderUrl), migrationUrl: secret(db.url) })).rejects.toMatchObject({
      kind: 'schema',
      message: denied,
    });
  });

  it('says which URL failed when the migration connection does, without its password', async () => {
    const db = await freshDb();
    const wrong = 'postgres://postgres:owner-password@127.0.0.1:5432/firebreak_no_such_db';
    const err = await openTransport({ kind: 'postgres', url: secret(db.url), migrationUrl: secret(wrong) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/^migrating through DATABASE_MIGRATION_URL: .*3D000/) });
    expect((err as Error).message).not.toContain('owner-password');
  });
});

// Supabase projects made before mid-2026 grant the API roles every new table and function in public
// by default privileges; newer ones (and older ones since the switch) expose nothing by default.
const SUPABASE_SHAPES = [
  {
    name: 'an older Supabase project (new tables and functions granted to the API roles)',
    defaults: `alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
      alter default privileges in schema public grant all on tables to anon, authenticated, service_role;`,
    serviceRoleOnAuditLog: ['SELECT', 'INSERT'],
  },
  { name: 'a newer Supabase project (nothing exposed by default)', defaults: '', serviceRoleOnAuditLog: [] },
];

describe.each(SUPABASE_SHAPES)('on $name', ({ defaults, serviceRoleOnAuditLog }) => {
  let db: TestPostgres;
  beforeAll(async () => {
    // Supabase's roles, made once per server (never dropped: other runs may be using them).
    for (const role of [...API_ROLES, 'service_role']) {
      await admin(`do $$ begin if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} nologin; end if;
        exception when duplicate_object or unique_violation then null; end $$`);
    }
    db = await freshDb({ migrate: false });
    if (defaults) await db.exec(defaults);
    await migrate(db);
  });

  it('closes every function to anon and authenticated and keeps each fb_* function callable by service_role', async () => {
    const problems = await openFunctionProblems(db);
    expect(problems, explainFunctionProblems(problems)).toEqual([]);
    const notForService = await db.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p
        where p.pronamespace = 'public'::regnamespace and p.proname like 'fb\\_%'
          and not has_function_privilege('service_role', p.oid, 'EXECUTE')`,
    );
    expect(notForService).toEqual([]);
  });

  it('keeps functions a later migration creates closed to anon and authenticated, open to the runtime and service roles', async () => {
    await db.exec(`create function fb_later() returns jsonb language sql security definer set search_path = public, pg_temp as $$ select '1'::jsonb $$`);
    const [row] = await db.query<Record<string, boolean>>(
      `select has_function_privilege('anon', 'fb_later()', 'EXECUTE') as anon,
              has_function_privilege('authenticated', 'fb_later()', 'EXECUTE') as authenticated,
              has_function_privilege('service_role', 'fb_later()', 'EXECUTE') as service_role,
              has_function_privilege('firebreak_runtime', 'fb_later()', 'EXECUTE') as runtime`,
    );
    expect(row).toEqual({ anon: false, authenticated: false, service_role: true, runtime: true });
  });

  it('leaves the API roles no way to change or empty audit_log', async () => {
    const rows = await db.query<{ role: string; privileges: string[] }>(
      `select r.rolname as role,
              array(select p from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                     where has_table_privilege(r.oid, 'audit_log', p)) as privileges
         from pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role') order by 1`,
    );
    expect(rows).toEqual([
      { role: 'anon', privileges: [] },
      { role: 'authenticated', privileges: [] },
      { role: 'service_role', privileges: serviceRoleOnAuditLog },
    ]);
  });
});
