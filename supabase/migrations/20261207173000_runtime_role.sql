-- Store: closed functions and a runtime role that can only call them.
--
-- Every fb_* function now runs as its owner (SECURITY DEFINER) with a pinned search_path, and only
-- the runtime role (firebreak_runtime) and, on Supabase, service_role may execute it: not PUBLIC,
-- not anon, not authenticated. The server may therefore connect as a member of firebreak_runtime
-- that owns nothing and holds no table privilege at all: it cannot UPDATE, DELETE or TRUNCATE
-- audit_log, cannot DISABLE TRIGGER on it (only an owner can), and can change data only through
-- the functions. Migrations keep running as the owner (DATABASE_MIGRATION_URL).
--
-- The pinned path is `public, pg_temp`: pg_catalog is searched first (it is not named), the
-- function bodies' unqualified tables resolve in public, and temporary objects come last, so a
-- caller's own search_path or temp table cannot redirect what a function touches.
--
-- Adding or redefining a function (CREATE OR REPLACE resets what ALTER FUNCTION set here, keeping
-- only the grants): write `security definer set search_path = public, pg_temp` in the definition.
-- The default privileges below close it to PUBLIC, anon and authenticated and open it to
-- firebreak_runtime (and service_role); test/integration/store/function-privileges.test.ts fails, saying what to add,
-- for any function that is not closed.

-- The runtime role: NOLOGIN, so it is a group. A LOGIN user is made a member of it (README, Store).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'firebreak_runtime') then
    create role firebreak_runtime nologin;
  end if;
exception
  -- Roles are cluster-wide: a database on the same server migrating at this very moment may have
  -- made it between our look and our create.
  when duplicate_object or unique_violation then null;
  when insufficient_privilege then
    raise exception 'role firebreak_runtime does not exist and % may not create roles', current_user
      using errcode = '42501', hint = 'create it once as an administrator: CREATE ROLE firebreak_runtime NOLOGIN;';
end;
$$;

grant usage on schema public to firebreak_runtime;

-- The schema version this database is at (each migration restates it).
create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261207173000'::text); $$;

-- Every Firebreak function that exists at this point, whichever earlier migration defined it.
do $$
declare
  f regprocedure;
  api boolean;
  supabase_role text;
begin
  for f, api in
    select p.oid::regprocedure, p.proname like 'fb\_%'
      from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and (p.proname like 'fb\_%' or p.proname = 'audit_log_is_append_only')
  loop
    execute format('alter function %s set search_path = public, pg_temp', f);
    execute format('revoke execute on function %s from public', f);
    -- anon and authenticated exist on Supabase only (PostgREST's roles for API keys and users).
    foreach supabase_role in array array['anon', 'authenticated'] loop
      if exists (select 1 from pg_roles where rolname = supabase_role) then
        execute format('revoke execute on function %s from %I', f, supabase_role);
      end if;
    end loop;
    -- The trigger function stays SECURITY INVOKER and callable by its owner only: a trigger fires
    -- whoever runs the statement, and it only raises.
    if api then
      execute format('alter function %s security definer', f);
      execute format('grant execute on function %s to firebreak_runtime', f);
      if exists (select 1 from pg_roles where rolname = 'service_role') then
        execute format('grant execute on function %s to service_role', f);
      end if;
    end if;
  end loop;
end;
$$;

-- New functions start closed. Default privileges belong to the role that creates the objects, so
-- these apply to functions later migrations create as this same owner: PostgreSQL's own default
-- (EXECUTE to PUBLIC) is revoked everywhere, and in public the runtime role may call them.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public grant execute on functions to firebreak_runtime;
do $$
declare
  supabase_role text;
begin
  foreach supabase_role in array array['anon', 'authenticated'] loop
    if exists (select 1 from pg_roles where rolname = supabase_role) then
      -- Supabase's own defaults grant every new function in public to the API roles (on projects
      -- made before it stopped exposing new objects by default).
      execute format('alter default privileges in schema public revoke execute on functions from %I', supabase_role);
      -- The audit log is the service's alone: there the API roles may hold every table privilege
      -- (RLS hides its rows, but TRUNCATE ignores RLS). The triggers reject changes anyway.
      execute format('revoke all on audit_log from %I', supabase_role);
    end if;
  end loop;
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    -- The supabase transport calls the functions as service_role: newer projects grant it nothing.
    alter default privileges in schema public grant execute on functions to service_role;
    -- It keeps on audit_log only what appending and reading need.
    revoke update, delete, truncate on audit_log from service_role;
  end if;
end;
$$;
