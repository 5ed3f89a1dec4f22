-- Store: fb_alert_ingest as before (20261208081000_ingest_plan_on_demand.sql), except that the alert
-- that declares an incident no longer signals that incident's alerts changed. The incident's summary
-- is first posted after the declaring commit, rendered from the store with that alert in it; the
-- signal only caused a second render, an edit of the summary two seconds later (a timer, a workflow
-- step, an effect and a Slack call per declared incident). Alerts attached later still signal.

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
          else
            -- The caller planned no incident for this key: it expected the alert's open incident to
            -- absorb it. Undo the whole delivery (nothing is written, the delivery id is not taken);
            -- the caller plans the incident and calls again.
            raise exception 'fb_alert_ingest: no incident planned for correlation key %', v_corr using errcode = 'FBC01';
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
          -- An incident declared by this alert posts its summary from the store after this commit,
          -- alert included: telling it its alerts changed would only edit that summary once more.
          if v_outcome <> 'declared' then
            perform fb_signal(v_incident, 'alerts.changed', p_signal_delay_ms);
          end if;
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
as $$ select to_jsonb('20261208125000'::text); $$;

-- EXECUTE: CREATE OR REPLACE keeps the function's grants; see 20261207173000_runtime_role.sql.
