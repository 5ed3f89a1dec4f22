-- Store: what the web console and the JSON API read — one page of the incident list (open first,
-- filtered by status, severity, service and time), the private incidents (whose viewers must be
-- checked), and response figures by week. Each is one call, so a page costs one round trip.
--
-- The list reads incidents and the small `summary` projection of their workflows, never the
-- snapshots: 10,000 incidents are at most one pass over two narrow tables and a top-N sort.
-- Private incidents are found through a partial index on the snapshot's chat setting, so the
-- check of who may see them only ever looks at the few that are private.

create index if not exists incidents_opened_at on incidents (opened_at);
create index if not exists incidents_service on incidents (service);
create index if not exists workflows_private_incidents on workflows (id)
  where kind = 'incident' and (snapshot -> 'context' -> 'chat' ->> 'privateChannel') = 'true';

-- p_filter: {status?: 'open' | 'done' | 'any' | <an incident status>, severity?, service?,
--            from?, to? (opened_at, ISO 8601)}
-- p_hidden: incident ids the viewer may not see (private incidents of channels they are not in).
-- Answers {total, items: [...]}: total counts every match, items is the page, open ones first,
-- newest first within each. The query is assembled from the filters given (values bound, never
-- spliced), so the planner sees only real conditions: the default view (open incidents) starts
-- from the partial index of active workflows instead of reading every incident.
create or replace function fb_console_incidents(p_filter jsonb, p_hidden jsonb, p_limit integer, p_offset integer)
returns jsonb
language plpgsql stable
security definer
set search_path = public, pg_temp
set jit = off
as $$
declare
  v_status text := coalesce(p_filter ->> 'status', 'any');
  v_where text[] := array['true'];
  v_result jsonb;
begin
  if v_status = 'open' then
    v_where := v_where || array[$q$w.status = 'active'$q$, $q$coalesce(w.summary ->> 'status', 'triggered') not in ('resolved', 'closed')$q$];
  elsif v_status = 'done' then
    v_where := array_append(v_where, $q$not (w.status = 'active' and coalesce(w.summary ->> 'status', 'triggered') not in ('resolved', 'closed'))$q$);
  elsif v_status <> 'any' then
    v_where := array_append(v_where, $q$coalesce(w.summary ->> 'status', 'triggered') = $1$q$);
  end if;
  if p_filter ->> 'severity' is not null then v_where := array_append(v_where, $q$coalesce(w.summary ->> 'severity', i.severity) = $2$q$); end if;
  if p_filter ->> 'service' is not null then v_where := array_append(v_where, $q$i.service = $3$q$); end if;
  if p_filter ->> 'from' is not null then v_where := array_append(v_where, $q$i.opened_at >= $4$q$); end if;
  if p_filter ->> 'to' is not null then v_where := array_append(v_where, $q$i.opened_at < $5$q$); end if;
  if p_hidden is not null and jsonb_array_length(p_hidden) > 0 then v_where := array_append(v_where, $q$not ($6 ? i.id)$q$); end if;
  execute format($q$
    with filtered as (
      select i.id, i.number, i.title, i.service, i.policy, i.opened_at, i.last_alert_at, i.declared_by,
             coalesce(w.summary ->> 'severity', i.severity) as severity,
             coalesce(w.summary ->> 'status', 'triggered') as status,
             w.summary ->> 'channel' as channel,
             (w.status = 'active' and coalesce(w.summary ->> 'status', 'triggered') not in ('resolved', 'closed')) as open
        from incidents i join workflows w on w.id = i.id
       where %s
    ), page as (
      select * from filtered order by open desc, number desc limit $7 offset $8
    )
    select jsonb_build_object(
      'total', (select count(*) from filtered),
      'items', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'id', p.id, 'number', p.number, 'title', p.title, 'service', p.service, 'severity', p.severity,
                 'status', p.status, 'open', p.open, 'policy', p.policy, 'channel', p.channel,
                 'declared_by', p.declared_by, 'opened_at', p.opened_at, 'last_alert_at', p.last_alert_at,
                 'alerts_firing', (select count(*) from alerts a where a.incident_id = p.id and a.status = 'firing'),
                 'alerts_total', (select count(*) from alerts a where a.incident_id = p.id))
               order by p.open desc, p.number desc)
          from page p), '[]'::jsonb))$q$, array_to_string(v_where, ' and '))
  into v_result
  using v_status, p_filter ->> 'severity', p_filter ->> 'service', (p_filter ->> 'from')::timestamptz,
        (p_filter ->> 'to')::timestamptz, p_hidden, p_limit, p_offset;
  return v_result;
end;
$$;

-- The services incidents name, for the list's filter (a short, sorted list).
create or replace function fb_console_services() returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(service order by service), '[]'::jsonb)
    from (select distinct service from incidents where service is not null) s;
$$;

-- Private incidents and their channels: what the console asks Slack about before it lists.
create or replace function fb_console_private_incidents() returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', w.id, 'channel', w.summary ->> 'channel')), '[]'::jsonb)
    from workflows w
   where w.kind = 'incident' and (w.snapshot -> 'context' -> 'chat' ->> 'privateChannel') = 'true';
$$;

-- Response figures by week (weeks start on Monday, UTC) for incidents opened in [p_from, p_to):
-- how many, by severity, and the median and 90th percentile of time to detect (first alert →
-- declared), to acknowledge (declared → first acknowledgement) and to resolve (first alert, or the
-- declaration when no alert came before it → latest resolve) — the reports feature's definitions
-- (fb_response_metrics) — in seconds; null when no incident of the week has the figure. The times come from the
-- timeline (the rows the workflow wrote), found through a partial index of just those kinds —
-- never from the snapshots, which are large. JIT is off for these reads: compiling the plan cost
-- PostgreSQL ~100 ms, several times what running it costs.
create index if not exists timeline_response_times on timeline (workflow_id, kind, at)
  where kind in ('incident.acknowledged', 'incident.resolved');

create or replace function fb_console_stats(p_from timestamptz, p_to timestamptz, p_service text default null)
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
set jit = off
as $$
  with timed as materialized (
    select date_trunc('week', i.opened_at at time zone 'UTC') as week,
           coalesce(w.summary ->> 'severity', i.severity) as severity,
           extract(epoch from (i.opened_at - a.first_alert)) as detect_s,
           extract(epoch from (ack.at - i.opened_at)) as ack_s,
           extract(epoch from (res.at - least(coalesce(a.first_alert, i.opened_at), i.opened_at))) as resolve_s
      from incidents i
      join workflows w on w.id = i.id
      left join lateral (select min(coalesce(a.started_at, a.first_seen)) as first_alert from alerts a where a.incident_id = i.id) a on true
      left join lateral (select min(t.at) as at from timeline t where t.workflow_id = i.id and t.kind = 'incident.acknowledged') ack on true
      left join lateral (select max(t.at) as at from timeline t where t.workflow_id = i.id and t.kind = 'incident.resolved') res on true
     where i.opened_at >= p_from and i.opened_at < p_to
       and (p_service is null or i.service = p_service)
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'week', to_char(week, 'YYYY-MM-DD'),
           'incidents', n,
           'by_severity', jsonb_build_object('sev1', s1, 'sev2', s2, 'sev3', s3, 'sev4', s4),
           'detect_p50_s', detect_p50, 'detect_p90_s', detect_p90,
           'ack_p50_s', ack_p50, 'ack_p90_s', ack_p90,
           'resolve_p50_s', resolve_p50, 'resolve_p90_s', resolve_p90)
         order by week), '[]'::jsonb)
    from (
      select week, count(*) as n,
             count(*) filter (where severity = 'sev1') as s1, count(*) filter (where severity = 'sev2') as s2,
             count(*) filter (where severity = 'sev3') as s3, count(*) filter (where severity = 'sev4') as s4,
             round((percentile_cont(0.5) within group (order by detect_s) filter (where detect_s >= 0))::numeric, 1) as detect_p50,
             round((percentile_cont(0.9) within group (order by detect_s) filter (where detect_s >= 0))::numeric, 1) as detect_p90,
             round((percentile_cont(0.5) within group (order by ack_s))::numeric, 1) as ack_p50,
             round((percentile_cont(0.9) within group (order by ack_s))::numeric, 1) as ack_p90,
             round((percentile_cont(0.5) within group (order by resolve_s))::numeric, 1) as resolve_p50,
             round((percentile_cont(0.9) within group (order by resolve_s))::numeric, 1) as resolve_p90
        from timed group by week) weeks;
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208060000'::text); $$;
