-- Store: alerts, incidents and the one atomic call that correlates a delivery into them.

-- The workflow inbox: an event for a workflow, delivered by the scheduler like a timer that is due
-- now (generation 0). Lets a store call that decides something (correlation) tell a workflow about
-- it in the same transaction, so a crash between "decided" and "told" loses nothing.
create sequence if not exists inbox_seq;

create or replace function fb_enqueue_event(p_workflow_id text, p_event jsonb) returns void
language sql as $$
  insert into timers (workflow_id, timer_key, generation, event, due_at)
  values (p_workflow_id, 'inbox:' || nextval('inbox_seq'), 0, p_event, now());
$$;

-- A coalescing, debounced signal: at most one pending `p_type` event per workflow, due a little
-- later. Raised again while one is pending: nothing to do (it will read the latest state). Raised
-- while one is being delivered: its generation moves on, so that delivery is stale and a fresh
-- one follows. A storm of 10,000 alerts is a few workflow steps per incident, not one per alert.
create or replace function fb_signal(p_workflow_id text, p_type text, p_delay_ms integer default 2000) returns void
language sql as $$
  insert into timers (workflow_id, timer_key, generation, event, due_at)
  values (p_workflow_id, 'signal:' || p_type, nextval('inbox_seq'), jsonb_build_object('type', p_type),
          now() + p_delay_ms * interval '1 millisecond')
  on conflict (workflow_id, timer_key) do update
     set generation = excluded.generation, due_at = excluded.due_at, lease_owner = null, lease_until = null
   where timers.lease_owner is not null;
$$;

create table if not exists incidents (
  id              text primary key references workflows (id) on delete cascade,
  number          bigint generated always as identity unique,
  title           text not null,
  service         text,
  severity        text not null check (severity in ('sev1', 'sev2', 'sev3', 'sev4')),
  policy          text,
  -- Alerts with the same key may share this incident (source group, or service within the window).
  correlation_key text not null,
  declared_by     text not null,
  -- Ids of this incident in other systems, e.g. {"pagerduty": "Q1W2E3"}.
  external        jsonb not null default '{}',
  opened_at       timestamptz not null default now(),
  last_alert_at   timestamptz not null default now()
);
create index if not exists incidents_correlation on incidents (correlation_key, last_alert_at desc);

create table if not exists alerts (
  id              bigint generated always as identity primary key,
  source          text not null,
  key             text not null,
  incident_id     text references incidents (id) on delete set null,
  status          text not null check (status in ('firing', 'resolved')),
  severity        text not null check (severity in ('sev1', 'sev2', 'sev3', 'sev4')),
  source_severity text,
  title           text not null,
  description     text not null default '',
  service         text,
  environment     text,
  group_key       text,
  tags            jsonb not null default '{}',
  links           jsonb not null default '[]',
  route           jsonb,
  raw             jsonb,
  count           integer not null default 1,
  first_seen      timestamptz not null default now(),
  last_seen       timestamptz not null default now(),
  started_at      timestamptz,
  resolved_at     timestamptz,
  unique (source, key)
);
create index if not exists alerts_incident on alerts (incident_id, status);

-- Redelivery of the same webhook (PagerDuty X-Webhook-Id, …) changes nothing.
create table if not exists webhook_deliveries (
  source      text not null,
  delivery_id text not null,
  received_at timestamptz not null default now(),
  primary key (source, delivery_id)
);

alter table incidents enable row level security;
alter table alerts enable row level security;
alter table webhook_deliveries enable row level security;

create or replace function fb_incident_is_open(p_incident_id text) returns boolean
language sql stable as $$
  select exists (
    select 1 from workflows w
     where w.id = p_incident_id and w.status = 'active'
       and coalesce(w.summary ->> 'status', 'triggered') not in ('resolved', 'closed'));
$$;

-- Creates an incident and its workflow (the runner's planned first commit) and tells the workflow
-- its number. Returns the incident id.
create or replace function fb_incident_create(p_candidate jsonb, p_correlation_key text) returns jsonb
language plpgsql as $$
declare
  v_wf jsonb := p_candidate -> 'workflow';
  v_number bigint;
  v_commit jsonb;
begin
  v_commit := fb_workflow_commit(
    p_candidate ->> 'id', v_wf ->> 'kind', (v_wf ->> 'machine_version')::integer, 0,
    v_wf -> 'snapshot', v_wf ->> 'status', v_wf -> 'timers', '[]'::jsonb, v_wf -> 'effects',
    v_wf -> 'timeline', null, v_wf -> 'summary');
  if not (v_commit ->> 'ok')::boolean then
    raise exception 'incident workflow % already exists', p_candidate ->> 'id';
  end if;
  insert into incidents (id, title, service, severity, policy, correlation_key, declared_by)
  values (p_candidate ->> 'id', p_candidate ->> 'title', p_candidate ->> 'service',
          p_candidate ->> 'severity', p_candidate ->> 'policy', p_correlation_key,
          coalesce(p_candidate ->> 'declared_by', 'firebreak'))
  returning number into v_number;
  insert into timeline (workflow_id, kind, actor, message, data)
  values (p_candidate ->> 'id', 'incident.declared', p_candidate ->> 'declared_by',
          format('Incident #%s declared: %s (%s)', v_number, p_candidate ->> 'title', p_candidate ->> 'severity'),
          jsonb_build_object('number', v_number, 'severity', p_candidate ->> 'severity'));
  perform fb_enqueue_event(p_candidate ->> 'id',
    jsonb_build_object('type', 'incident.declared', 'number', v_number, 'actor', p_candidate ->> 'declared_by'));
  return jsonb_build_object('id', p_candidate ->> 'id', 'number', v_number);
end;
$$;

-- One delivery, one transaction. For each alert (already normalized and routed by the edge):
--   known key, still firing      → count and last seen updated; never a second alert
--   resolved                     → alert resolved; its incident hears alert.resolved, and
--                                  alerts.cleared when none of its alerts still fires
--   new, firing again, or now
--   severe enough to declare      → its own open incident, else an open incident with the same
--                                  correlation key (source group: any age; service: within the
--                                  window), else a new incident when the route declares, else
--                                  stored and visible, not declared
-- Correlation is serialized per correlation key (advisory lock), so 1,000 concurrent deliveries
-- of one alert make one alert and at most one incident.
-- p_alerts: [{key, status, severity, source_severity, title, description, service, environment,
--             group_key, tags, links, raw, started_at, ended_at, route, correlation_key, declare}]
-- p_candidates: {<correlation_key>: {id, title, severity, service, policy, declared_by, workflow}}
-- p_events: [{workflow_id, event}] queued for workflows in the same transaction (PagerDuty acks).
-- p_signal_delay_ms: how long alert changes are debounced before the incident hears of them.
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
          perform fb_signal(v_incident, 'alerts.changed', p_signal_delay_ms);
          if v_outcome <> 'declared' then
            v_outcome := case when v_own then 'refired' else 'attached' end;
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

-- PagerDuty two-way sync: the incident Firebreak paged, by PagerDuty's incident id or by the
-- incident_key (our dedup_key, which is the incident id). Records the PagerDuty id when first seen.
create or replace function fb_incident_by_external(p_system text, p_external_id text, p_incident_key text default null)
returns jsonb
language plpgsql as $$
declare
  v_id text;
begin
  select id into v_id from incidents where external ->> p_system = p_external_id;
  if v_id is null and p_incident_key is not null then
    select id into v_id from incidents where id = p_incident_key;
    if v_id is not null then
      update incidents set external = external || jsonb_build_object(p_system, p_external_id) where id = v_id;
    end if;
  end if;
  if v_id is null then
    return null;
  end if;
  return jsonb_build_object('id', v_id);
end;
$$;

create or replace function fb_incidents_list(p_open_only boolean default true, p_limit integer default 100) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(x order by (x ->> 'number')::bigint desc), '[]'::jsonb) from (
    select jsonb_build_object(
      'id', i.id, 'number', i.number, 'title', i.title, 'service', i.service,
      'severity', coalesce(w.summary ->> 'severity', i.severity),
      'status', coalesce(w.summary ->> 'status', 'triggered'), 'policy', i.policy,
      'opened_at', i.opened_at, 'last_alert_at', i.last_alert_at, 'external', i.external,
      'alerts_firing', (select count(*) from alerts a where a.incident_id = i.id and a.status = 'firing'),
      'alerts_total', (select count(*) from alerts a where a.incident_id = i.id)) as x
      from incidents i join workflows w on w.id = i.id
     where not p_open_only or fb_incident_is_open(i.id)
     order by i.number desc
     limit p_limit) t;
$$;

create or replace function fb_alerts_list(p_incident_id text default null, p_limit integer default 500) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'source', source, 'key', key, 'incident_id', incident_id, 'status', status,
           'severity', severity, 'title', title, 'service', service, 'count', count,
           'first_seen', first_seen, 'last_seen', last_seen, 'resolved_at', resolved_at, 'links', links)
         order by id), '[]'::jsonb)
    from (select * from alerts
           where p_incident_id is null or incident_id = p_incident_id
           order by id desc limit p_limit) a;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable as $$ select to_jsonb('20261127010000'::text); $$;

-- Remembers an incident's id in another system (its Slack channel, its PagerDuty incident), so an
-- inbound request from that system finds the incident.
create or replace function fb_incident_set_external(p_incident_id text, p_system text, p_external_id text) returns void
language sql as $$
  update incidents set external = external || jsonb_build_object(p_system, p_external_id) where id = p_incident_id;
$$;

create or replace function fb_incident_find(p_number bigint default null, p_system text default null, p_external_id text default null)
returns jsonb
language sql stable as $$
  select jsonb_build_object('id', id, 'number', number)
    from incidents
   where (p_number is not null and number = p_number)
      or (p_system is not null and external ->> p_system = p_external_id)
   limit 1;
$$;

-- An incident declared by hand (/incident declare, the declare modal): no alert, its own
-- correlation key, numbered and told so in the same commit.
create or replace function fb_incident_declare(p_candidate jsonb) returns jsonb
language sql as $$
  select fb_incident_create(p_candidate, 'manual:' || (p_candidate ->> 'id'));
$$;

-- What an incident's summary shows of its alerts: counts, and the latest few with their links —
-- without reading every alert of a storm.
create or replace function fb_incident_alerts(p_incident_id text, p_latest integer default 5) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'firing', (select count(*) from alerts where incident_id = p_incident_id and status = 'firing'),
    'resolved', (select count(*) from alerts where incident_id = p_incident_id and status = 'resolved'),
    'latest', coalesce((
      select jsonb_agg(jsonb_build_object('source', source, 'title', title, 'status', status, 'links', links) order by last_seen desc)
        from (select * from alerts where incident_id = p_incident_id order by last_seen desc limit p_latest) l), '[]'::jsonb));
$$;
