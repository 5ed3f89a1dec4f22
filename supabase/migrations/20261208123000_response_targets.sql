-- Store: response targets met, for the web console's /stats and /api/stats — per severity, how many
-- incidents met, missed or are still within each of firebreak.yaml's `targets` (detect, acknowledge,
-- resolve) and the incident as a whole, without the per-incident rows `/incident stats` reads.
--
-- The rules that time and judge an incident move, unchanged, from fb_response_metrics
-- (20261208051000) into fb_response_judged; fb_response_metrics (the same answers) and
-- fb_response_targets both read it, so the rules exist once.

-- Per incident declared in [p_from, p_to) (or p_incident_id alone, whenever declared): its times, the
-- severity it is judged by, and its verdicts. The definitions are fb_response_metrics' (see
-- 20261208051000_followup_sync_faster_metrics.sql and docs/reports.md):
--   first alert  the earliest start (the source's own start, else first seen) of its alerts
--   TTD          declared − first alert, when an alert came first (a declaration by hand: none)
--   TTA          first acknowledgement − declared
--   TTR          last resolve − start (the first alert, or the declaration), once resolved or closed
--   severity     the highest it reached (declared, raised, lowered: sev1 counts)
-- p_targets: {"sev1": {"detect_ms": …, "acknowledge_ms": …, "resolve_ms": …}, …}. A measure within
-- its target is met; over it, missed; not measured yet, missed once its deadline has passed (now, or
-- the resolve) and pending before; no target (or no TTD to judge), none. An incident is missed if
-- any measure missed, else pending if any pending, else met if any met, else none.
create or replace function fb_response_judged(p_from timestamptz, p_to timestamptz, p_service text, p_severity text,
                                              p_targets jsonb, p_incident_id text)
returns table (id text, number bigint, title text, service text, severity text, status text,
               first_alert_at timestamptz, declared_at timestamptz, acknowledged_at timestamptz, mitigated_at timestamptz,
               resolved_at timestamptz, reopens integer, alerts integer, ttd_ms bigint, tta_ms bigint, ttr_ms bigint,
               v_detect text, v_acknowledge text, v_resolve text, verdict text)
language sql stable
security definer
set search_path = public, pg_temp
-- The planner overestimates the joins by orders of magnitude, which would compile it with JIT on
-- every call (seconds on PostgreSQL); it is a few milliseconds of plain execution.
set jit = off
as $$
  with inc as materialized (
    select i.id, i.number, i.title, i.service, i.severity as declared_severity, i.opened_at as declared_at,
           coalesce(w.summary ->> 'status', 'triggered') as status, coalesce(w.summary ->> 'severity', i.severity) as current_severity
      from incidents i join workflows w on w.id = i.id
     where (case when p_incident_id is null then i.opened_at >= p_from and i.opened_at < p_to else i.id = p_incident_id end)
       and (p_service is null or i.service = p_service)
  ), tl as (
    -- One pass over the timeline rows of these incidents (the timeline_workflow index), every fact at once.
    select t.workflow_id,
           min(t.at) filter (where t.kind = 'incident.acknowledged') as acknowledged_at,
           min(t.at) filter (where t.kind = 'incident.status' and t.data ->> 'status' = 'monitoring') as monitoring_at,
           max(t.at) filter (where t.kind = 'incident.resolved') as last_resolve,
           max(t.at) filter (where t.kind = 'incident.closed') as closed_at,
           count(*) filter (where t.kind = 'incident.reopened')::integer as reopens,
           min(t.data ->> 'to') filter (where t.kind = 'incident.severity') as raised_to
      from inc join timeline t on t.workflow_id = inc.id
     where t.kind in ('incident.acknowledged', 'incident.status', 'incident.resolved', 'incident.closed', 'incident.reopened', 'incident.severity')
     group by t.workflow_id
  ), al as (
    select a.incident_id, min(coalesce(a.started_at, a.first_seen)) as first_alert_at, count(*)::integer as alerts
      from inc join alerts a on a.incident_id = inc.id
     group by a.incident_id
  ), base as materialized (
    select inc.id, inc.number, inc.title, inc.service, inc.declared_at, inc.status,
           least(inc.declared_severity, inc.current_severity, coalesce(tl.raised_to, inc.declared_severity)) as severity,
           al.first_alert_at, coalesce(al.alerts, 0) as alerts,
           tl.acknowledged_at, tl.monitoring_at, tl.last_resolve, tl.closed_at, coalesce(tl.reopens, 0) as reopens
      from inc left join tl on tl.workflow_id = inc.id left join al on al.incident_id = inc.id
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
  )
  select j.id, j.number, j.title, j.service, j.severity, j.status,
         j.first_alert_at, j.declared_at, j.acknowledged_at, j.mitigated_at, j.resolved_at, j.reopens, j.alerts,
         j.ttd_ms, j.tta_ms, j.ttr_ms, j.v_detect, j.v_acknowledge, j.v_resolve,
         case when 'missed' in (j.v_detect, j.v_acknowledge, j.v_resolve) then 'missed'
              when 'pending' in (j.v_detect, j.v_acknowledge, j.v_resolve) then 'pending'
              when 'met' in (j.v_detect, j.v_acknowledge, j.v_resolve) then 'met'
              else 'none' end
    from judged j;
$$;

-- Response metrics: per incident and p50/p90 by severity, service, week and in total, with the share
-- met — the same answers as before, now read from fb_response_judged.
create or replace function fb_response_metrics(p_from timestamptz, p_to timestamptz, p_service text default null,
                                               p_severity text default null, p_targets jsonb default '{}',
                                               p_incident_id text default null)
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
set jit = off
as $$
  with r as materialized (
    select j.*,
           to_char(date_trunc('week', j.declared_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
           coalesce(j.service, '(none)') as service_key
      from fb_response_judged(p_from, p_to, p_service, p_severity, p_targets, p_incident_id) j
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

-- Targets met per severity (the one it is judged by) for incidents declared in [p_from, p_to),
-- optionally of one service: for each measure and for the incident as a whole, how many met,
-- missed, are pending, or have none (no target for it, or nothing to judge — no TTD for a
-- declaration by hand). Severities without incidents are left out.
create or replace function fb_response_targets(p_from timestamptz, p_to timestamptz, p_service text default null,
                                               p_targets jsonb default '{}')
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
set jit = off
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'severity', s.severity, 'incidents', s.incidents,
           'detect', jsonb_build_object('met', s.d_met, 'missed', s.d_missed, 'pending', s.d_pending, 'none', s.d_none),
           'acknowledge', jsonb_build_object('met', s.a_met, 'missed', s.a_missed, 'pending', s.a_pending, 'none', s.a_none),
           'resolve', jsonb_build_object('met', s.r_met, 'missed', s.r_missed, 'pending', s.r_pending, 'none', s.r_none),
           'verdict', jsonb_build_object('met', s.v_met, 'missed', s.v_missed, 'pending', s.v_pending, 'none', s.v_none))
         order by s.severity), '[]'::jsonb)
    from (
      select j.severity, count(*)::integer as incidents,
             count(*) filter (where j.v_detect = 'met')::integer as d_met, count(*) filter (where j.v_detect = 'missed')::integer as d_missed,
             count(*) filter (where j.v_detect = 'pending')::integer as d_pending, count(*) filter (where j.v_detect = 'none')::integer as d_none,
             count(*) filter (where j.v_acknowledge = 'met')::integer as a_met, count(*) filter (where j.v_acknowledge = 'missed')::integer as a_missed,
             count(*) filter (where j.v_acknowledge = 'pending')::integer as a_pending, count(*) filter (where j.v_acknowledge = 'none')::integer as a_none,
             count(*) filter (where j.v_resolve = 'met')::integer as r_met, count(*) filter (where j.v_resolve = 'missed')::integer as r_missed,
             count(*) filter (where j.v_resolve = 'pending')::integer as r_pending, count(*) filter (where j.v_resolve = 'none')::integer as r_none,
             count(*) filter (where j.verdict = 'met')::integer as v_met, count(*) filter (where j.verdict = 'missed')::integer as v_missed,
             count(*) filter (where j.verdict = 'pending')::integer as v_pending, count(*) filter (where j.verdict = 'none')::integer as v_none
        from fb_response_judged(p_from, p_to, p_service, null, coalesce(p_targets, '{}'::jsonb), null) j
       group by j.severity) s;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208123000'::text); $$;
