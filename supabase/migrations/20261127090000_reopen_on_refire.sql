-- Store: an alert that recovered and fires again within the correlation window reopens its
-- resolved incident (the issue's "a new alert on the key within the window restarts escalation"),
-- rather than declaring a second incident. fb_alert_ingest is unchanged otherwise.

-- Resolved but not closed: the incident's workflow still runs and may be reopened.
create or replace function fb_incident_is_resolved(p_incident_id text) returns boolean
language sql stable as $$
  select exists (
    select 1 from workflows w
     where w.id = p_incident_id and w.status = 'active' and w.summary ->> 'status' = 'resolved');
$$;

create or replace function fb_alert_ingest(
  p_source text,
  p_delivery_id text,
  p_alerts jsonb,
  p_candidates jsonb,
  p_window_ms bigint,
  p_events jsonb default '[]',
  p_signal_delay_ms integer default 2000
) returns jsonb
language plpgsql as $$
declare
  a jsonb;
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
      return jsonb_build_object('duplicate', true, 'alerts', '[]'::jsonb, 'declared', '[]'::jsonb);
    end if;
  end if;

  perform fb_enqueue_event(e ->> 'workflow_id', e -> 'event') from jsonb_array_elements(p_events) e;

  for a in select value from jsonb_array_elements(p_alerts) loop
    v_corr := a ->> 'correlation_key';
    perform pg_advisory_xact_lock(hashtext('fb:correlate:' || v_corr));
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
          elsif v_old.incident_id is not null and v_old.status = 'resolved'
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

        if v_incident is null then
          select i.id into v_incident from incidents i
           where i.correlation_key = v_corr
             and (v_corr like 'group:%' or i.last_alert_at >= now() - p_window_ms * interval '1 millisecond')
             and fb_incident_is_open(i.id)
           order by i.last_alert_at desc
           limit 1;
        end if;

        if v_incident is null and (a ->> 'declare')::boolean and p_candidates ? v_corr then
          v_created := fb_incident_create(p_candidates -> v_corr, v_corr);
          v_incident := v_created ->> 'id';
          v_declared := v_declared || jsonb_build_array(v_created);
          v_outcome := 'declared';
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

  return jsonb_build_object('duplicate', false, 'alerts', v_results, 'declared', v_declared);
end;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable as $$ select to_jsonb('20261127090000'::text); $$;
