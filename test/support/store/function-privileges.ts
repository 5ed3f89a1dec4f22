// Test support: which functions in schema public are not closed, each with the SQL that closes it.
//
//   const problems = await openFunctionProblems(store);   // [] when every function is closed
//   expect(problems, explainFunctionProblems(problems)).toEqual([]);
//
// Closed means (supabase/migrations/20261207173000_runtime_role.sql): a pinned search_path; no
// EXECUTE for PUBLIC, anon or authenticated; and for the store's API (fb_*): SECURITY DEFINER and
// EXECUTE for firebreak_runtime, which holds no table privilege of its own (and for service_role,
// where it exists: the supabase transport's role).
import type { SqlTransport } from '../../../src/store/transport.js';

export const PINNED_PATH = 'public, pg_temp';
export const API_ROLES = ['anon', 'authenticated'] as const;

export interface FunctionProblem {
  /** As `revoke … on function <signature>` takes it, e.g. fb_audit_list(text,integer). */
  signature: string;
  kind: 'function' | 'procedure';
  /** Each problem, worded as the SQL that fixes it. */
  fixes: string[];
}

interface Row {
  signature: string;
  kind: 'f' | 'p';
  api: boolean;
  definer: boolean;
  pinned: boolean;
  public_execute: boolean;
  runtime_execute: boolean;
  /** True where there is no service_role (plain PostgreSQL, PGlite). */
  service_execute: boolean;
  /** anon / authenticated that may execute it other than through PUBLIC. */
  api_roles: string[];
}

/** Every function and procedure in schema public (extensions' own excepted) that is not closed. */
export async function openFunctionProblems(t: SqlTransport): Promise<FunctionProblem[]> {
  const rows = await t.query<Row>(
    `select p.oid::regprocedure::text as signature, p.prokind as kind, p.proname like 'fb\\_%' as api,
            p.prosecdef as definer,
            coalesce((select bool_or(c like 'search_path=%') from unnest(p.proconfig) c), false) as pinned,
            exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                     where a.grantee = 0 and a.privilege_type = 'EXECUTE') as public_execute,
            coalesce((select has_function_privilege(r.oid, p.oid, 'EXECUTE') from pg_roles r where r.rolname = 'firebreak_runtime'), false)
              as runtime_execute,
            coalesce((select has_function_privilege(r.oid, p.oid, 'EXECUTE') from pg_roles r where r.rolname = 'service_role'), true)
              as service_execute,
            array(select r.rolname::text from pg_roles r
                   where r.rolname = any ($1::text[])
                     and (exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                                   where a.grantee = r.oid and a.privilege_type = 'EXECUTE')
                          or (has_function_privilege(r.oid, p.oid, 'EXECUTE')
                              and not exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                                               where a.grantee = 0 and a.privilege_type = 'EXECUTE')))
                   order by r.rolname) as api_roles
       from pg_proc p
      where p.pronamespace = 'public'::regnamespace and p.prokind in ('f', 'p')
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by 1`,
    [[...API_ROLES]],
  );
  return rows.flatMap((row) => {
    const kind = row.kind === 'p' ? 'procedure' : 'function';
    const on = `${kind} ${row.signature}`;
    const fixes: string[] = [];
    if (!row.pinned) fixes.push(`write \`set search_path = ${PINNED_PATH}\` in its definition`);
    if (row.api && !row.definer) fixes.push('write `security definer` in its definition');
    if (row.public_execute) fixes.push(`add \`revoke execute on ${on} from public;\``);
    for (const role of row.api_roles) {
      const revoke = `revoke execute on ${on} from ${role};`;
      fixes.push(`add \`do $$ begin if exists (select 1 from pg_roles where rolname = '${role}') then ${revoke} end if; end $$;\` (plain PostgreSQL has no ${role} role)`);
    }
    if (row.api && !row.runtime_execute) fixes.push(`add \`grant execute on ${on} to firebreak_runtime;\``);
    if (row.api && !row.service_execute) {
      fixes.push(`add \`do $$ begin if exists (select 1 from pg_roles where rolname = 'service_role') then grant execute on ${on} to service_role; end if; end $$;\` (the supabase transport calls it as service_role)`);
    }
    return fixes.length > 0 ? [{ signature: row.signature, kind, fixes }] : [];
  });
}

/** The failure message: what to add, function by function, and what a closed definition looks like. */
export function explainFunctionProblems(problems: FunctionProblem[]): string {
  if (problems.length === 0) return 'every function in schema public is closed';
  const each = problems.map((p) => `${p.kind} ${p.signature}:\n${p.fixes.map((f) => `  - ${f}`).join('\n')}`);
  return [
    `${problems.length} function(s) in schema public are not closed. In the migration that defines each one (CREATE OR REPLACE`,
    'resets search_path and SECURITY DEFINER to what the new definition says; grants are kept):',
    '',
    ...each,
    '',
    'A closed store function looks like this (fb_* functions run as the schema owner; the runtime role only calls them):',
    '  create or replace function fb_example(p_id text) returns jsonb',
    '  language plpgsql',
    '  security definer',
    `  set search_path = ${PINNED_PATH}`,
    '  as $$ … $$;',
    'Default privileges (20261207173000_runtime_role.sql) then keep it from PUBLIC, anon and authenticated and open it to',
    'firebreak_runtime (and service_role), as long as migrations run as the same owner. A trigger function gets the search_path,',
    'not security definer.',
  ].join('\n');
}
