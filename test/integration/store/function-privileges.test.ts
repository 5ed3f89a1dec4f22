// Guard: every function in schema public is closed — pinned search_path, no EXECUTE for PUBLIC, anon
// or authenticated, and the store's fb_* API callable by firebreak_runtime as its owner. A new or
// redefined function that is not fails here, and the message says what to add to its migration.
// The same check with Supabase's roles and default privileges runs in test/postgres/runtime-role.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlTransport } from '../../../src/store/transport.js';
import { openTestEmbedded } from '../../support/store/embedded.js';
import { API_ROLES, explainFunctionProblems, openFunctionProblems } from '../../support/store/function-privileges.js';

let store: SqlTransport;
beforeAll(async () => {
  store = await openTestEmbedded();
  // Supabase's API roles, as they exist there: the check must see what they may execute.
  for (const role of API_ROLES) {
    await store.exec(`do $$ begin if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} nologin; end if; end $$;`);
  }
});
afterAll(async () => {
  await store?.close();
});

describe('functions in schema public', () => {
  it('are all closed after the migrations', async () => {
    const problems = await openFunctionProblems(store);
    expect(problems, explainFunctionProblems(problems)).toEqual([]);
    // The check saw the store's functions, not an empty schema.
    const [row] = await store.query<{ n: number }>(`select count(*)::int as n from pg_proc where pronamespace = 'public'::regnamespace and proname like 'fb\\_%'`);
    expect(row!.n).toBeGreaterThan(20);
  });

  it('names what to add for a function defined the old way, and a grant to PUBLIC or anon', async () => {
    await store.exec(`
      create function fb_probe_open(p_id text) returns jsonb language sql as $$ select to_jsonb(p_id) $$;
      grant execute on function fb_probe_open(text) to public, anon;`);
    try {
      const problems = (await openFunctionProblems(store)).filter((p) => p.signature.startsWith('fb_probe_open'));
      expect(problems).toEqual([
        {
          signature: 'fb_probe_open(text)',
          kind: 'function',
          fixes: [
            'write `set search_path = public, pg_temp` in its definition',
            'write `security definer` in its definition',
            'add `revoke execute on function fb_probe_open(text) from public;`',
            "add `do $$ begin if exists (select 1 from pg_roles where rolname = 'anon') then revoke execute on function fb_probe_open(text) from anon; end if; end $$;` (plain PostgreSQL has no anon role)",
          ],
        },
      ]);
      expect(explainFunctionProblems(problems)).toContain('function fb_probe_open(text):\n  - write `set search_path = public, pg_temp` in its definition');
    } finally {
      await store.exec('drop function fb_probe_open(text)');
    }
  });

  it('start closed when a migration creates one: no EXECUTE for PUBLIC, EXECUTE for firebreak_runtime', async () => {
    await store.exec(`create function fb_probe_new() returns jsonb language sql security definer set search_path = public, pg_temp as $$ select '1'::jsonb $$;`);
    try {
      expect((await openFunctionProblems(store)).filter((p) => p.signature.startsWith('fb_probe_new'))).toEqual([]);
      const [row] = await store.query<{ runtime: boolean; anon: boolean }>(
        `select has_function_privilege('firebreak_runtime', 'fb_probe_new()', 'EXECUTE') as runtime,
                has_function_privilege('anon', 'fb_probe_new()', 'EXECUTE') as anon`,
      );
      expect(row).toEqual({ runtime: true, anon: false });
    } finally {
      await store.exec('drop function fb_probe_new()');
    }
  });
});
