-- Engine: leases of a process known to be dead end now rather than when they run out. A replica
-- killed mid-effect (kill -9, an OOM kill) holds its leases for up to a minute, and an effect's
-- lease holds back every later effect with the same ordering key — the incident's next page
-- among them. A process that starts (or looks around later) on the same host can tell a dead
-- incarnation from its owner name (host:pid:token) and expire its leases: exactly what the
-- lease running out would do, only sooner (attempts are counted as for an expired lease).

-- The owners holding live leases, on timers or running effects (a handful at any time).
create or replace function fb_lease_owners() returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(distinct owner), '[]'::jsonb)
    from (select lease_owner as owner from timers where lease_until > now()
          union all
          select lease_owner from outbox where status = 'running' and lease_until > now()) o
   where owner is not null;
$$;

-- Ends every lease these owners hold: the next claim, on any replica, takes their work.
create or replace function fb_leases_expire(p_owners jsonb) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_timers integer;
  v_effects integer;
begin
  update timers set lease_until = now()
   where lease_owner in (select jsonb_array_elements_text(p_owners)) and lease_until > now();
  get diagnostics v_timers = row_count;
  update outbox set lease_until = now()
   where lease_owner in (select jsonb_array_elements_text(p_owners)) and status = 'running' and lease_until > now();
  get diagnostics v_effects = row_count;
  return jsonb_build_object('timers', v_timers, 'effects', v_effects);
end;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261207190000'::text); $$;
