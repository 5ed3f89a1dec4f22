-- Approvals: the index of remediation requests (each one is an `approval` workflow) — the short
-- number people type (`/incident approve 12`), the incident it belongs to, and one row per action
-- handed to an executor, which is what the hourly caps count (across replicas: counted under a
-- per-kind lock held to commit). Evidence for an IP block reads the incident's alerts naming it.

create table if not exists approval_requests (
  id          text primary key,
  number      bigint generated always as identity unique,
  incident_id text not null,
  action      text not null,
  kind        text not null,
  created_at  timestamptz not null default now(),
  -- Where the card was posted (set once; every later edit goes there, whatever the workflow's state).
  card_channel text,
  card_ts      text
);
create index if not exists approval_requests_incident on approval_requests (incident_id, number);
alter table approval_requests enable row level security;

create table if not exists approval_executions (
  request_id text not null,
  kind       text not null,
  at         timestamptz not null default now(),
  primary key (request_id)
);
create index if not exists approval_executions_kind on approval_executions (kind, at);
alter table approval_executions enable row level security;

-- Registers request p_id (idempotent) and answers its number.
create or replace function fb_approval_register(p_id text, p_incident_id text, p_action text, p_kind text) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_number bigint;
begin
  insert into approval_requests (id, incident_id, action, kind) values (p_id, p_incident_id, p_action, p_kind)
  on conflict (id) do nothing;
  select number into v_number from approval_requests where id = p_id;
  return jsonb_build_object('number', v_number);
end;
$$;

-- A request by number or by id, with its workflow's summary (null when its workflow was never written).
create or replace function fb_approval_find(p_number bigint default null, p_id text default null) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select jsonb_build_object('id', r.id, 'number', r.number, 'incident_id', r.incident_id, 'action', r.action, 'kind', r.kind,
                            'status', w.status, 'summary', w.summary, 'created_at', r.created_at,
                            'card_channel', r.card_channel, 'card_ts', r.card_ts)
    from approval_requests r join workflows w on w.id = r.id
   where (p_number is not null and r.number = p_number) or (p_id is not null and r.id = p_id)
   limit 1;
$$;

-- The card of request p_id was posted at (p_channel, p_ts): the first answer stays.
create or replace function fb_approval_set_card(p_id text, p_channel text, p_ts text) returns jsonb
language sql
security definer
set search_path = public, pg_temp
as $$
  update approval_requests set card_channel = coalesce(card_channel, p_channel), card_ts = coalesce(card_ts, p_ts) where id = p_id
  returning jsonb_build_object('channel', card_channel, 'ts', card_ts);
$$;

-- An incident's requests, newest first.
create or replace function fb_approval_list(p_incident_id text, p_limit integer default 100) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(x.item order by x.number desc), '[]'::jsonb)
    from (select r.number, jsonb_build_object('id', r.id, 'number', r.number, 'incident_id', r.incident_id, 'action', r.action,
                   'kind', r.kind, 'status', w.status, 'summary', w.summary, 'created_at', r.created_at) as item
            from approval_requests r join workflows w on w.id = r.id
           where r.incident_id = p_incident_id
           order by r.number desc
           limit greatest(1, least(p_limit, 1000))) x;
$$;

-- Takes one of kind p_kind's p_per_hour executions in the last hour for request p_request_id (the
-- same request asking again keeps its slot). Replicas asking at once queue on the kind's lock.
create or replace function fb_approval_take_slot(p_request_id text, p_kind text, p_per_hour integer) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_used integer;
begin
  perform pg_advisory_xact_lock(hashtext('fb_approval_slot:' || p_kind));
  if exists (select 1 from approval_executions where request_id = p_request_id) then
    return jsonb_build_object('ok', true, 'used', null);
  end if;
  select count(*) into v_used from approval_executions where kind = p_kind and at > now() - interval '1 hour';
  if v_used >= p_per_hour then
    return jsonb_build_object('ok', false, 'used', v_used);
  end if;
  insert into approval_executions (request_id, kind) values (p_request_id, p_kind);
  return jsonb_build_object('ok', true, 'used', v_used + 1);
end;
$$;

-- The incident's alerts that name p_value in a tag or label (an IP): how many, how often they
-- fired, first and last seen, and the latest titles.
create or replace function fb_approval_evidence(p_incident_id text, p_value text) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
           'alerts', count(*),
           'occurrences', coalesce(sum(a.count), 0),
           'first_seen', min(a.first_seen),
           'last_seen', max(a.last_seen),
           'titles', coalesce((select jsonb_agg(t.title) from (
               select b.title from alerts b
                where b.incident_id = p_incident_id
                  and exists (select 1 from jsonb_each_text(b.tags) e where e.value = p_value)
                order by b.last_seen desc limit 5) t), '[]'::jsonb))
    from alerts a
   where a.incident_id = p_incident_id
     and exists (select 1 from jsonb_each_text(a.tags) e where e.value = p_value);
$$;

-- The IPs the incident's alerts carry in a tag or label named ip, client_ip or source_ip (the
-- "Propose block" buttons on the summary), most recently seen first.
create or replace function fb_incident_alert_ips(p_incident_id text, p_limit integer default 3) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(x.ip order by x.seen desc), '[]'::jsonb)
    from (select e.value as ip, max(a.last_seen) as seen
            from alerts a, jsonb_each_text(a.tags) e
           where a.incident_id = p_incident_id and e.key in ('ip', 'client_ip', 'source_ip') and e.value <> ''
           group by e.value
           order by max(a.last_seen) desc
           limit greatest(1, least(p_limit, 20))) x;
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208020000'::text); $$;
