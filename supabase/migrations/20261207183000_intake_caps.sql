-- Store: caps on alert intake, counted here so they hold across replicas. A delivery's alerts past
-- its source's `max_alerts_per_delivery`, and alerts that would declare past the source's
-- `max_declarations_per_minute`, are stored as usual (nothing is lost: counts, resolves, later
-- re-fires) but held: no incident is declared for them, so no channel and no page. The first held
-- alert of a storm records it once — an audit row, and a line on the timeline of the newest
-- incident the source declared in the last minute — and the caller hears of it to log one line.
-- A storm ends when its source has had nothing held for a minute; the next hold starts a new one.
--
-- fb_alert_ingest is restated in full (last defined in 20261127090000_reopen_on_refire.sql). It
-- takes a new last argument, p_limits, so the old signature is dropped first. Besides the caps, it
-- now takes every correlation lock of the delivery up front in one fixed order (by lock key), and
-- the per-source declaration lock only after them: two deliveries can no longer wait on each other.

create index if not exists incidents_declared_by on incidents (declared_by, opened_at);

-- One row per source that has ever held alerts: the storm in progress while last_held_at is recent.
create table if not exists alert_storms (
  source       text primary key,
  started_at   timestamptz not null,
  last_held_at timestamptz not null,
  reason       text not null check (reason in ('delivery', 'declarations')),
  cap          integer not null
);
alter table alert_storms enable row level security;

-- May p_source declare one more incident now, at most p_per_minute in any 60 s? Counted from the
-- incidents it declared (declared_by 'alert:<source>'). Under the cap the count is taken again
-- under a per-source lock held to commit, so replicas declaring at once cannot overshoot; at the cap
-- (a storm) the answer needs no lock at all.
create or replace function fb_alert_may_declare(p_source text, p_per_minute integer) returns boolean
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_declared integer;
begin
  select count(*) into v_declared from incidents
   where declared_by = 'alert:' || p_source and opened_at > now() - interval '1 minute';
  if v_declared >= p_per_minute then
    return false;
  end if;
  -- Two-key advisory locks are a key space of their own: never the one-key correlation locks.
  perform pg_advisory_xact_lock(hashtext('fb:declare'), hashtext(p_source));
  select count(*) into v_declared from incidents
   where declared_by = 'alert:' || p_source and opened_at > now() - interval '1 minute';
  return v_declared < p_per_minute;
end;
$$;

-- An alert of p_source was held. Returns the storm ({source, reason, cap, incident_id}) when this
-- call started it, else null; whoever holds alerts at the same moment, only one call starts it.
create or replace function fb_alert_storm_hold(p_source text, p_reason text, p_cap integer, p_title text) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_last timestamptz;
  v_started boolean;
  v_incident text;
  v_message text;
begin
  select last_held_at into v_last from alert_storms where source = p_source;
  if found and v_last >= now() - interval '1 minute' then
    -- The storm goes on. Throttled: one row version every few seconds, not one per held alert.
    update alert_storms set last_held_at = now()
     where source = p_source and last_held_at < now() - interval '5 seconds';
    return null;
  end if;
  -- A new storm, unless another transaction started it a moment ago: the conflict waits for it and
  -- then finds the row fresh, so the WHERE fails and nothing comes back.
  insert into alert_storms as s (source, started_at, last_held_at, reason, cap)
  values (p_source, now(), now(), p_reason, p_cap)
  on conflict (source) do update
     set started_at = excluded.started_at, last_held_at = excluded.last_held_at, reason = excluded.reason, cap = excluded.cap
   where s.last_held_at < now() - interval '1 minute'
  returning true into v_started;
  if v_started is null then
    return null;
  end if;

  v_message := case p_reason
    when 'delivery' then format(
      'Alert storm from %s: one delivery carried more than %s alerts. The rest are stored but declare and join no incident.',
      p_source, p_cap)
    else format(
      'Alert storm from %s: more than %s incidents declared in a minute. Further %s alerts are stored without declaring until a minute passes with none held.',
      p_source, p_cap, p_source)
  end;
  insert into audit_log (actor, via, action, subject, data, outcome)
  values ('alert:' || p_source, 'alert', 'alerts.storm', 'source:' || p_source,
          jsonb_build_object('reason', p_reason, 'cap', p_cap, 'first_held', p_title), 'held');
  -- Where the storm's responders already are: the newest incident this source declared in the last minute.
  select i.id into v_incident from incidents i
   where i.declared_by = 'alert:' || p_source and i.opened_at >= now() - interval '1 minute' and fb_incident_is_open(i.id)
   order by i.opened_at desc, i.number desc
   limit 1;
  if v_incident is not null then
    insert into timeline (workflow_id, kind, actor, message, data)
    values (v_incident, 'alerts.storm', 'alert:' || p_source, v_message,
            jsonb_build_object('source', p_source, 'reason', p_reason, 'cap', p_cap));
  end if;
  return jsonb_build_object('source', p_source, 'reason', p_reason, 'cap', p_cap, 'incident_id', v_incident, 'message', v_message);
end;
$$;

drop function if exists fb_alert_ingest(text, text, jsonb, jsonb, bigint, jsonb, integer);

-- One delivery, one transaction (see 20261127010000_alerts_incidents.sql for each alert's path).
-- p_limits: {max_alerts_per_delivery, max_declarations_per_minute}, each a positive integer or
-- absent/null for no cap. An alert that is held has outcome 'held' and no incident.
create or replace function fb_alert_ingest(
  p_source text,
  p_delivery_id text,
  p_alerts jsonb,
  p_candidates jsonb,
  p_window_ms bigint,
  p_events jsonb default '[]',
  p_signal_delay_ms integer default 2000,
  p_limits jsonb default '{}'
) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  a jsonb;
  v_lock integer;
  v_index integer := 0;
  v_max_alerts integer := (p_limits ->> 'max_alerts_per_delivery')::integer;
  v_max_declarations integer := (p_limits ->> 'max_declarations_per_minute')::integer;
  v_beyond boolean;
  v_hold text;
  v_held integer := 0;
  v_storm jsonb;
  v_started jsonb;
  v_old alerts%rowtype;
  v_found boolean;
  v_alert_id bigint;
  v_incident text;
  v_outcome text;
  v_corr text;
  v_created jsonb;
  v_own boolean;
  v_reopen boolean;
  v_results jsonb := '[]'::jsonb;
  v_declared jsonb := '[]'::jsonb;
begin
  if p_delivery_id is not null then
    insert into webhook_deliveries (source, delivery_id) values (p_source, p_delivery_id)
    on conflict do nothing;
    if not found then
      return jsonb_build_object('duplicate', true, 'alerts', '[]'::jsonb, 'declared', '[]'::jsonb, 'held', 0, 'storm', null);
    end if;
  end if;

  -- Correlation is serialized per correlation key. Every lock this delivery needs is taken now, in
  -- one order (by key), so two deliveries never hold one each while waiting for the other's.
  for v_lock in
    select distinct hashtext('fb:correlate:' || (x ->> 'correlation_key')) from jsonb_array_elements(p_alerts) x order by 1
  loop
    perform pg_advisory_xact_lock(v_lock);
  end loop;

  perform fb_enqueue_event(e ->> 'workflow_id', e -> 'event') from jsonb_array_elements(p_events) e;

  for a in select value from jsonb_array_elements(p_alerts) loop
    v_index := v_index + 1;
    -- Past the delivery cap an alert is stored and kept up to date, but takes no part in incidents.
    v_beyond := v_max_alerts is not null and v_index > v_max_alerts;
    v_hold := null;
    v_corr := a ->> 'correlation_key';
    v_incident := null;
    v_own := false;
    v_reopen := false;

    select * into v_old from alerts where source = p_source and key = a ->> 'key' for update;
    v_found := found;

    if a ->> 'status' = 'resolved' then
      if not v_found then
        insert into alerts (source, key, status, severity, source_severity, title, description, service,
                            environment, group_key, tags, links, route, raw, started_at, resolved_at)
        values (p_source, a ->> 'key', 'resolved', a ->> 'severity', a ->> 'source_severity', a ->> 'title',
                coalesce(a ->> 'description', ''), a ->> 'service', a ->> 'environment', a ->> 'group_key',
                coalesce(a -> 'tags', '{}'), coalesce(a -> 'links', '[]'), a -> 'route', a -> 'raw',
                (a ->> 'started_at')::timestamptz, coalesce((a ->> 'ended_at')::timestamptz, now()))
        returning id into v_alert_id;
        v_outcome := 'resolved-unknown';
      elsif v_old.status = 'resolved' then
        update alerts set last_seen = now() where id = v_old.id;
        v_alert_id := v_old.id;
        v_outcome := 'unchanged';
      else
        update alerts set status = 'resolved', resolved_at = coalesce((a ->> 'ended_at')::timestamptz, now()),
                          last_seen = now(), raw = a -> 'raw'
         where id = v_old.id;
        v_alert_id := v_old.id;
        v_incident := v_old.incident_id;
        v_outcome := 'resolved';
        if v_incident is not null and fb_incident_is_open(v_incident) then
          insert into timeline (workflow_id, kind, actor, message, data)
          values (v_incident, 'alert.resolved', 'alert:' || p_source,
                  format('%s alert recovered: %s', p_source, v_old.title), jsonb_build_object('alert_id', v_old.id));
          perform fb_signal(v_incident, 'alerts.changed', p_signal_delay_ms);
          if not exists (select 1 from alerts where incident_id = v_incident and status = 'firing') then
            perform fb_signal(v_incident, 'alerts.cleared', p_signal_delay_ms);
          end if;
        end if;
      end if;
    else
      if v_found and v_old.status = 'firing'
         and (v_old.incident_id is null and not (a ->> 'declare')::boolean
              or v_old.incident_id is not null and fb_incident_is_open(v_old.incident_id)) then
        -- The same alert again (renotify, re-triggered, a retry): update, never a second alert.
        update alerts set count = count + 1, last_seen = now(), title = a ->> 'title',
                          description = coalesce(a ->> 'description', description), raw = a -> 'raw',
                          tags = coalesce(a -> 'tags', tags), links = coalesce(a -> 'links', links)
         where id = v_old.id;
        v_alert_id := v_old.id;
        v_incident := v_old.incident_id;
        v_outcome := 'updated';
        if v_incident is not null then
          update incidents set last_alert_at = now()
           where id = v_incident and last_alert_at < now() - interval '1 second';
        end if;
      else
        if v_found then
          update alerts set status = 'firing', count = count + 1, last_seen = now(), resolved_at = null,
                            title = a ->> 'title', raw = a -> 'raw', severity = a ->> 'severity', route = a -> 'route'
           where id = v_old.id;
          v_alert_id := v_old.id;
          v_outcome := case when v_old.status = 'resolved' then 'refired' else 'escalated' end;
          if v_old.incident_id is not null and fb_incident_is_open(v_old.incident_id) then
            v_incident := v_old.incident_id;
            v_own := true;
          elsif v_old.incident_id is not null and v_old.status = 'resolved' and not v_beyond
                and v_old.last_seen >= now() - p_window_ms * interval '1 millisecond'
                and fb_incident_is_resolved(v_old.incident_id) then
            -- Flapping: the alert recovered, its incident was resolved, and it fires again within the
            -- window. Reopen that incident (escalation restarts from level 1) instead of declaring another.
            v_incident := v_old.incident_id;
            v_own := true;
            v_reopen := true;
          end if;
        else
          v_outcome := 'new';
        end if;

        if v_incident is null and not v_beyond then
          select i.id into v_incident from incidents i
           where i.correlation_key = v_corr
             and (v_corr like 'group:%' or i.last_alert_at >= now() - p_window_ms * interval '1 millisecond')
             and fb_incident_is_open(i.id)
           order by i.last_alert_at desc
           limit 1;
        end if;

        if v_incident is null and (a ->> 'declare')::boolean then
          if v_beyond then
            v_hold := 'delivery';
          elsif v_max_declarations is not null and not fb_alert_may_declare(p_source, v_max_declarations) then
            v_hold := 'declarations';
          elsif p_candidates ? v_corr then
            v_created := fb_incident_create(p_candidates -> v_corr, v_corr);
            v_incident := v_created ->> 'id';
            v_declared := v_declared || jsonb_build_array(v_created);
            v_outcome := 'declared';
          end if;
        end if;

        if not v_found then
          insert into alerts (source, key, incident_id, status, severity, source_severity, title, description,
                              service, environment, group_key, tags, links, route, raw, started_at)
          values (p_source, a ->> 'key', v_incident, 'firing', a ->> 'severity', a ->> 'source_severity', a ->> 'title',
                  coalesce(a ->> 'description', ''), a ->> 'service', a ->> 'environment', a ->> 'group_key',
                  coalesce(a -> 'tags', '{}'), coalesce(a -> 'links', '[]'), a -> 'route', a -> 'raw',
                  (a ->> 'started_at')::timestamptz)
          returning id into v_alert_id;
        elsif v_incident is not null and not v_own then
          update alerts set incident_id = v_incident where id = v_alert_id;
        end if;

        if v_hold is not null then
          v_outcome := 'held';
          v_held := v_held + 1;
          if v_held = 1 then
            v_started := fb_alert_storm_hold(p_source, v_hold,
              case v_hold when 'delivery' then v_max_alerts else v_max_declarations end, a ->> 'title');
            v_storm := coalesce(v_storm, v_started);
          end if;
        end if;

        if v_incident is not null then
          -- Throttled: under a storm, one row version a second rather than one per alert.
          update incidents set last_alert_at = now()
           where id = v_incident and last_alert_at < now() - interval '1 second';
          insert into timeline (workflow_id, kind, actor, message, data)
          values (v_incident, case when v_own then 'alert.refired' else 'alert.attached' end, 'alert:' || p_source,
                  format(case when v_own then '%s alert firing again: %s' else '%s alert attached: %s' end, p_source, a ->> 'title'),
                  jsonb_build_object('alert_id', v_alert_id, 'severity', a ->> 'severity'));
          if v_reopen then
            perform fb_enqueue_event(v_incident, jsonb_build_object(
              'type', 'incident.reopen', 'actor', 'alert:' || p_source, 'via', p_source,
              'reason', format('%s alert firing again: %s', p_source, a ->> 'title')));
          end if;
          perform fb_signal(v_incident, 'alerts.changed', p_signal_delay_ms);
          if v_outcome <> 'declared' then
            v_outcome := case when v_reopen then 'reopened' when v_own then 'refired' else 'attached' end;
          end if;
        end if;
      end if;
    end if;

    v_results := v_results || jsonb_build_array(jsonb_build_object(
      'key', a ->> 'key', 'alert_id', v_alert_id, 'incident_id', v_incident, 'outcome', v_outcome));
  end loop;

  return jsonb_build_object('duplicate', false, 'alerts', v_results, 'declared', v_declared, 'held', v_held, 'storm', v_storm);
end;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261207183000'::text); $$;

-- EXECUTE on the functions above: closed to PUBLIC, anon and authenticated and open to the runtime
-- role by the default privileges of 20261207173000_runtime_role.sql (this file runs after it, as
-- the same owner); test/integration/store/function-privileges.test.ts checks it.
