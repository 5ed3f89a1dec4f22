-- Store: the incident read an effect does before it speaks also brings, when asked, what the summary
-- lists besides the workflow and alerts — the follow-ups and the IPs the alerts carry — so a chat
-- effect reads the incident in one round trip instead of three (about seven chat effects per
-- declared incident: 14 store calls fewer each). Same snapshot of the database for all four.
-- The old two-argument form is dropped first: a third defaulted argument beside it would make calls
-- ambiguous. EXECUTE follows the runtime-role migration's default privileges (same owner).
drop function if exists fb_incident_load(text, integer);

create function fb_incident_load(p_incident_id text, p_latest integer default 5, p_extras boolean default false) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'workflow', fb_workflow_load(p_incident_id),
    'alerts', fb_incident_alerts(p_incident_id, p_latest))
    || case when p_extras
         then jsonb_build_object('followups', fb_followups_list(p_incident_id), 'ips', fb_incident_alert_ips(p_incident_id, 3))
         else '{}'::jsonb end;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208120000'::text); $$;
