-- Store: reports — the timeline read page by page, follow-ups, and response metrics (time to
-- detect / acknowledge / resolve per incident, percentiles by severity, service and week, targets
-- met or missed), all computed here over the store so every transport answers the same.

-- ---------------------------------------------------------------------------------------------
-- Timeline, newest page first

-- The latest p_limit entries of a workflow with an id below p_before (null: from the newest), oldest
-- first, and the cursor for the page before them (null when this page reaches the start).
create or replace function fb_timeline_page(p_workflow_id text, p_before bigint default null, p_limit integer default 50)
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  with page as (
    select * from timeline
     where workflow_id = p_workflow_id and (p_before is null or id < p_before)
     order by id desc
     limit greatest(1, least(coalesce(p_limit, 50), 1000))
  )
  select jsonb_build_object(
    'items', coalesce((select jsonb_agg(jsonb_build_object(
                 'id', id, 'at', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'kind', kind, 'actor', actor, 'message', message, 'data', data) order by id) from page), '[]'::jsonb),
    'older', (select min(p.id) from page p
               where exists (select 1 from timeline t where t.workflow_id = p_workflow_id and t.id < (select min(id) from page))));
$$;

-- A Slack message copied onto an incident's timeline ("Add to timeline"): once per message (its
-- channel and ts), with an audit row. p_entry: {text, author, permalink, channel, ts}; p_actor:
-- {id, team, via}. Returns {id, duplicate}.
create or replace function fb_timeline_add_message(p_incident_id text, p_entry jsonb, p_actor jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_id bigint;
begin
  if not exists (select 1 from incidents where id = p_incident_id) then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('timeline.message:' || p_incident_id));
  select id into v_id from timeline
   where workflow_id = p_incident_id and kind = 'timeline.message'
     and data ->> 'channel' = p_entry ->> 'channel' and data ->> 'ts' = p_entry ->> 'ts';
  if found then
    return jsonb_build_object('id', v_id, 'duplicate', true);
  end if;
  insert into timeline (workflow_id, kind, actor, message, data)
  values (p_incident_id, 'timeline.message', p_actor ->> 'id',
          format('Message from %s: %s', coalesce('<@' || (p_entry ->> 'author') || '>', 'someone'), left(p_entry ->> 'text', 3000)),
          jsonb_build_object('text', left(p_entry ->> 'text', 3000), 'author', p_entry ->> 'author', 'permalink', p_entry ->> 'permalink',
                             'channel', p_entry ->> 'channel', 'ts', p_entry ->> 'ts'))
  returning id into v_id;
  perform fb_audit_record(jsonb_build_object(
    'actor', p_actor ->> 'id', 'team', p_actor ->> 'team', 'via', p_actor ->> 'via', 'action', 'timeline.add_message',
    'subject', p_incident_id, 'params', jsonb_build_object('channel', p_entry ->> 'channel', 'ts', p_entry ->> 'ts', 'author', p_entry ->> 'author'),
    'outcome', 'ok'));
  return jsonb_build_object('id', v_id, 'duplicate', false);
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Follow-ups

create table if not exists followups (
  id          bigint generated always as identity primary key,
  incident_id text not null references incidents (id) on delete cascade,
  text        text not null check (length(text) between 1 and 2000),
  owner       text,
  due         date,
  state       text not null default 'open' check (state in ('open', 'done')),
  created_by  text not null,
  created_at  timestamptz not null default now(),
  done_by     text,
  done_at     timestamptz,
  -- Where it is tracked outside Firebreak: {"system": "github", "key": "owner/repo#12", "url": "…"}.
  external    jsonb
);
create index if not exists followups_incident on followups (incident_id, id);
create unique index if not exists followups_external on followups ((external ->> 'system'), (external ->> 'key')) where external is not null;
alter table followups enable row level security;

create or replace function fb_followup_json(f followups) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'id', f.id, 'incidentId', f.incident_id,
    'incidentNumber', (select number from incidents where id = f.incident_id),
    'text', f.text, 'owner', f.owner, 'due', to_char(f.due, 'YYYY-MM-DD'), 'state', f.state,
    'createdBy', f.created_by, 'createdAt', to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'doneBy', f.done_by, 'doneAt', to_char(f.done_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'external', f.external);
$$;

-- Adds a follow-up: the row, a timeline entry and an audit row, together. p_actor: {id, team, via}.
create or replace function fb_followup_add(p_incident_id text, p_text text, p_owner text, p_due date, p_actor jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  f followups;
begin
  if not exists (select 1 from incidents where id = p_incident_id) then
    return null;
  end if;
  insert into followups (incident_id, text, owner, due, created_by)
  values (p_incident_id, p_text, p_owner, p_due, p_actor ->> 'id')
  returning * into f;
  insert into timeline (workflow_id, kind, actor, message, data)
  values (p_incident_id, 'followup.added', p_actor ->> 'id', format('Follow-up #%s: %s', f.id, p_text),
          jsonb_build_object('id', f.id, 'text', p_text, 'owner', p_owner, 'due', to_char(p_due, 'YYYY-MM-DD')));
  perform fb_audit_record(jsonb_build_object(
    'actor', p_actor ->> 'id', 'team', p_actor ->> 'team', 'via', p_actor ->> 'via', 'action', 'followup.add',
    'subject', p_incident_id, 'params', jsonb_build_object('id', f.id, 'text', p_text, 'owner', p_owner, 'due', p_due),
    'outcome', 'ok'));
  -- The pinned summary lists follow-ups: the same debounced re-render signal alert changes send.
  perform fb_signal(p_incident_id, 'alerts.changed', 500);
  return fb_followup_json(f);
end;
$$;

create or replace function fb_followups_list(p_incident_id text) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(fb_followup_json(f) order by f.id), '[]'::jsonb)
    from followups f where f.incident_id = p_incident_id;
$$;

-- Marks a follow-up done (or open again, p_state 'open'): {ok, reason?, followup?}. The change lands on
-- the incident's timeline and in the audit log; asking for the state it is already in is refused.
create or replace function fb_followup_set_state(p_id bigint, p_state text, p_actor jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  f followups;
begin
  select * into f from followups where id = p_id for update;
  if not found then
    return jsonb_build_object('ok', false, 'reason', 'not-found');
  end if;
  if f.state = p_state then
    perform fb_audit_record(jsonb_build_object(
      'actor', p_actor ->> 'id', 'team', p_actor ->> 'team', 'via', p_actor ->> 'via', 'action', 'followup.' || p_state,
      'subject', f.incident_id, 'params', jsonb_build_object('id', f.id), 'outcome', 'refused:already-' || p_state));
    return jsonb_build_object('ok', false, 'reason', 'already-' || p_state, 'followup', fb_followup_json(f));
  end if;
  update followups
     set state = p_state,
         done_by = case when p_state = 'done' then p_actor ->> 'id' end,
         done_at = case when p_state = 'done' then now() end
   where id = p_id
  returning * into f;
  insert into timeline (workflow_id, kind, actor, message, data)
  values (f.incident_id, 'followup.' || p_state, p_actor ->> 'id',
          format(case when p_state = 'done' then 'Follow-up #%s done: %s' else 'Follow-up #%s open again: %s' end, f.id, f.text),
          jsonb_build_object('id', f.id, 'text', f.text, 'via', p_actor ->> 'via'));
  perform fb_audit_record(jsonb_build_object(
    'actor', p_actor ->> 'id', 'team', p_actor ->> 'team', 'via', p_actor ->> 'via', 'action', 'followup.' || p_state,
    'subject', f.incident_id, 'params', jsonb_build_object('id', f.id), 'outcome', 'ok'));
  perform fb_signal(f.incident_id, 'alerts.changed', 500);
  return jsonb_build_object('ok', true, 'followup', fb_followup_json(f));
end;
$$;

-- Where a follow-up is tracked outside (a GitHub issue): {system, key, url}.
create or replace function fb_followup_set_external(p_id bigint, p_external jsonb) returns jsonb
language sql
security definer
set search_path = public, pg_temp
as $$
  update followups set external = p_external where id = p_id returning fb_followup_json(followups);
$$;

create or replace function fb_followup_by_external(p_system text, p_key text) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select fb_followup_json(f) from followups f where f.external ->> 'system' = p_system and f.external ->> 'key' = p_key;
$$;

-- ---------------------------------------------------------------------------------------------
-- Response metrics
--
-- Per incident declared in [p_from, p_to):
--   first alert  the earliest start (the source's own start, else first seen) of its alerts
--   TTD          declared − first alert, when an alert came first (a declaration by hand: none)
--   TTA          first acknowledgement − declared
--   TTR          last resolve − start (the first alert, or the declaration), once resolved or closed
--   severity     the highest it reached (declared, raised, lowered: sev1 counts)
-- p_targets: {"sev1": {"detect_ms": …, "acknowledge_ms": …, "resolve_ms": …}, …}. A measure within
-- its target is met; over it, missed; not measured yet, missed once its deadline has passed (now, or
-- the resolve) and pending before; no target, none. An incident is missed if any measure missed,
-- else pending if any pending, else met if any met. p_incident_id: that one incident, whenever declared.
create or replace function fb_response_metrics(p_from timestamptz, p_to timestamptz, p_service text default null,
                                               p_severity text default null, p_targets jsonb default '{}',
                                               p_incident_id text default null)
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  with base as (
    select i.id, i.number, i.title, i.service, i.opened_at as declared_at,
           coalesce(w.summary ->> 'status', 'triggered') as status,
           least(i.severity, coalesce(w.summary ->> 'severity', i.severity),
                 coalesce((select min(t.data ->> 'to') from timeline t where t.workflow_id = i.id and t.kind = 'incident.severity'), i.severity)) as severity,
           (select min(coalesce(a.started_at, a.first_seen)) from alerts a where a.incident_id = i.id) as first_alert_at,
           (select count(*) from alerts a where a.incident_id = i.id)::integer as alerts,
           (select min(t.at) from timeline t where t.workflow_id = i.id and t.kind = 'incident.acknowledged') as acknowledged_at,
           (select min(t.at) from timeline t where t.workflow_id = i.id and t.kind = 'incident.status' and t.data ->> 'status' = 'monitoring') as monitoring_at,
           (select max(t.at) from timeline t where t.workflow_id = i.id and t.kind = 'incident.resolved') as last_resolve,
           (select max(t.at) from timeline t where t.workflow_id = i.id and t.kind = 'incident.closed') as closed_at,
           (select count(*) from timeline t where t.workflow_id = i.id and t.kind = 'incident.reopened')::integer as reopens
      from incidents i join workflows w on w.id = i.id
     where (case when p_incident_id is null then i.opened_at >= p_from and i.opened_at < p_to else i.id = p_incident_id end)
       and (p_service is null or i.service = p_service)
  ), times as (
    select b.*,
           case when b.status in ('resolved', 'closed') then coalesce(b.last_resolve, b.closed_at) end as resolved_at,
           least(b.first_alert_at, b.declared_at) as started_at
      from base b
     where p_severity is null or b.severity = p_severity
  ), measured as (
    select t.*,
           least(t.monitoring_at, t.resolved_at) as mitigated_at,
           case when t.first_alert_at <= t.declared_at then round(extract(epoch from (t.declared_at - t.first_alert_at)) * 1000)::bigint end as ttd_ms,
           round(extract(epoch from (t.acknowledged_at - t.declared_at)) * 1000)::bigint as tta_ms,
           round(extract(epoch from (t.resolved_at - t.started_at)) * 1000)::bigint as ttr_ms,
           (p_targets -> t.severity ->> 'detect_ms')::bigint as target_detect,
           (p_targets -> t.severity ->> 'acknowledge_ms')::bigint as target_ack,
           (p_targets -> t.severity ->> 'resolve_ms')::bigint as target_resolve,
           round(extract(epoch from (coalesce(t.resolved_at, now()) - t.declared_at)) * 1000)::bigint as waited_since_declared,
           round(extract(epoch from (coalesce(t.resolved_at, now()) - t.started_at)) * 1000)::bigint as waited_since_start
      from times t
  ), judged as (
    select m.*,
           case when m.target_detect is null or m.ttd_ms is null then 'none'
                when m.ttd_ms <= m.target_detect then 'met' else 'missed' end as v_detect,
           case when m.target_ack is null then 'none'
                when m.tta_ms is not null then case when m.tta_ms <= m.target_ack then 'met' else 'missed' end
                when m.waited_since_declared > m.target_ack then 'missed' else 'pending' end as v_acknowledge,
           case when m.target_resolve is null then 'none'
                when m.ttr_ms is not null then case when m.ttr_ms <= m.target_resolve then 'met' else 'missed' end
                when m.waited_since_start > m.target_resolve then 'missed' else 'pending' end as v_resolve
      from measured m
  ), r as (
    select j.*,
           case when 'missed' in (j.v_detect, j.v_acknowledge, j.v_resolve) then 'missed'
                when 'pending' in (j.v_detect, j.v_acknowledge, j.v_resolve) then 'pending'
                when 'met' in (j.v_detect, j.v_acknowledge, j.v_resolve) then 'met'
                else 'none' end as verdict,
           to_char(date_trunc('week', j.declared_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
           coalesce(j.service, '(none)') as service_key
      from judged j
  ), g as (
    select case when grouping(r.severity) = 0 then 'severity'
                when grouping(r.service_key) = 0 then 'service'
                when grouping(r.week) = 0 then 'week'
                else 'total' end as dimension,
           case when grouping(r.severity) = 0 then r.severity
                when grouping(r.service_key) = 0 then r.service_key
                when grouping(r.week) = 0 then r.week
                else 'all' end as key,
           count(*)::integer as incidents,
           count(r.ttd_ms)::integer as ttd_n,
           round(percentile_cont(0.5) within group (order by r.ttd_ms))::bigint as ttd_p50,
           round(percentile_cont(0.9) within group (order by r.ttd_ms))::bigint as ttd_p90,
           count(r.tta_ms)::integer as tta_n,
           round(percentile_cont(0.5) within group (order by r.tta_ms))::bigint as tta_p50,
           round(percentile_cont(0.9) within group (order by r.tta_ms))::bigint as tta_p90,
           count(r.ttr_ms)::integer as ttr_n,
           round(percentile_cont(0.5) within group (order by r.ttr_ms))::bigint as ttr_p50,
           round(percentile_cont(0.9) within group (order by r.ttr_ms))::bigint as ttr_p90,
           count(*) filter (where r.verdict = 'met')::integer as met,
           count(*) filter (where r.verdict = 'missed')::integer as missed
      from r
     group by grouping sets ((r.severity), (r.service_key), (r.week), ())
  )
  select jsonb_build_object(
    'incidents', coalesce((select jsonb_agg(jsonb_build_object(
           'id', r.id, 'number', r.number, 'title', r.title, 'service', r.service, 'severity', r.severity, 'status', r.status,
           'firstAlertAt', to_char(r.first_alert_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'declaredAt', to_char(r.declared_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'acknowledgedAt', to_char(r.acknowledged_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'mitigatedAt', to_char(r.mitigated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'resolvedAt', to_char(r.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'reopens', r.reopens, 'alerts', r.alerts,
           'ttdMs', r.ttd_ms, 'ttaMs', r.tta_ms, 'ttrMs', r.ttr_ms,
           'targets', jsonb_build_object('detect', r.v_detect, 'acknowledge', r.v_acknowledge, 'resolve', r.v_resolve),
           'verdict', r.verdict) order by r.declared_at, r.number) from r), '[]'::jsonb),
    'groups', coalesce((select jsonb_agg(jsonb_build_object(
           'dimension', g.dimension, 'key', g.key, 'incidents', g.incidents,
           'ttd', jsonb_build_object('count', g.ttd_n, 'p50Ms', g.ttd_p50, 'p90Ms', g.ttd_p90),
           'tta', jsonb_build_object('count', g.tta_n, 'p50Ms', g.tta_p50, 'p90Ms', g.tta_p90),
           'ttr', jsonb_build_object('count', g.ttr_n, 'p50Ms', g.ttr_p50, 'p90Ms', g.ttr_p90),
           'met', g.met, 'missed', g.missed,
           'metShare', case when g.met + g.missed > 0 then round(g.met::numeric / (g.met + g.missed), 4) end)
         order by g.dimension, g.key) from g), '[]'::jsonb));
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208050000'::text); $$;
