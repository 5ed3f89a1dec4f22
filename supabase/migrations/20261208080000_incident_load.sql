-- Store: an incident as an effect renders it — its workflow row and its alerts' counts and latest
-- few — in one round trip instead of two. Every chat and paging effect reads the incident fresh
-- before it speaks (about seven per declared incident), so this halves the store reads of a
-- declaration. One statement also reads both from the same snapshot of the database.
-- EXECUTE follows the runtime-role migration's default privileges (same owner, which runs first).
create or replace function fb_incident_load(p_incident_id text, p_latest integer default 5) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'workflow', fb_workflow_load(p_incident_id),
    'alerts', fb_incident_alerts(p_incident_id, p_latest));
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208080000'::text); $$;
