-- Diagnostics: the evidence a source brought back, cached briefly per source and query so five
-- responders clicking Diagnostics do not ask the vendor five times (shared by every replica, expiry
-- by the database clock); a vendor's 429 is kept here too, so no replica asks again before its
-- Retry-After. Deploy events from any CD system (POST /webhooks/deploy) are kept for "what changed".
-- And the alerts of an incident as a source needs them (monitor id, issue id, tags).

create table if not exists diagnostics_cache (
  key        text primary key,
  -- { "kind": "answer", "finding": … } or { "kind": "rate-limited", "retryAfterMs": … }
  value      jsonb not null,
  stored_at  timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists diagnostics_cache_expiry on diagnostics_cache (expires_at);
alter table diagnostics_cache enable row level security;

create table if not exists deploy_events (
  id          bigint generated always as identity primary key,
  -- What the sender signed as this delivery's id: a replay is a duplicate, not a second deploy.
  delivery_id text not null unique,
  service     text not null,
  environment text,
  version     text,
  repository  text,
  url         text,
  description text,
  actor       text,
  deployed_at timestamptz not null,
  received_at timestamptz not null default now()
);
create index if not exists deploy_events_service on deploy_events (service, deployed_at desc);
alter table deploy_events enable row level security;

-- A live cache entry, or null (expired entries read as absent and are swept now and then).
create or replace function fb_diag_cache_get(p_key text) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v jsonb;
begin
  select jsonb_build_object('value', value, 'stored_at', stored_at, 'expires_at', expires_at)
    into v from diagnostics_cache where key = p_key and expires_at > now();
  return v;
end;
$$;

create or replace function fb_diag_cache_put(p_key text, p_value jsonb, p_ttl_ms bigint) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
  insert into diagnostics_cache (key, value, stored_at, expires_at)
  values (p_key, p_value, now(), now() + make_interval(secs => greatest(p_ttl_ms, 0) / 1000.0))
  on conflict (key) do update set value = excluded.value, stored_at = excluded.stored_at, expires_at = excluded.expires_at;
  -- Keep the table small without a job of its own: a few expired rows go with each write.
  delete from diagnostics_cache where key in (select key from diagnostics_cache where expires_at < now() - interval '10 minutes' limit 20);
  return jsonb_build_object('ok', true);
end;
$$;

-- Records one deploy; the same delivery id again is a duplicate (nothing stored twice).
create or replace function fb_deploy_record(p_event jsonb) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_id bigint;
begin
  insert into deploy_events (delivery_id, service, environment, version, repository, url, description, actor, deployed_at)
  values (p_event ->> 'delivery_id', p_event ->> 'service', p_event ->> 'environment', p_event ->> 'version',
          p_event ->> 'repository', p_event ->> 'url', p_event ->> 'description', p_event ->> 'actor',
          coalesce((p_event ->> 'deployed_at')::timestamptz, now()))
  on conflict (delivery_id) do nothing
  returning id into v_id;
  return jsonb_build_object('id', v_id, 'duplicate', v_id is null);
end;
$$;

-- A service's deploys in the last p_window_ms (newest first, at most p_limit).
create or replace function fb_deploys_recent(p_service text, p_window_ms bigint, p_limit integer) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(to_jsonb(d) - 'id' - 'received_at' order by d.deployed_at desc), '[]'::jsonb)
    from (select * from deploy_events
           where service = p_service and deployed_at > now() - make_interval(secs => p_window_ms / 1000.0)
           order by deployed_at desc limit p_limit) d;
$$;

-- The alerts of an incident as the diagnostics sources need them: source, key, tags, links and the
-- payload as received (newest first, at most p_limit).
create or replace function fb_diag_incident_alerts(p_incident_id text, p_limit integer) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'source', a.source, 'key', a.key, 'status', a.status, 'title', a.title, 'service', a.service,
           'environment', a.environment, 'tags', a.tags, 'links', a.links, 'raw', a.raw,
           'started_at', a.started_at) order by a.last_seen desc), '[]'::jsonb)
    from (select * from alerts where incident_id = p_incident_id order by last_seen desc limit p_limit) a;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208040000'::text); $$;
