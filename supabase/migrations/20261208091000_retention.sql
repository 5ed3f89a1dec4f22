-- Store: retention (issue 13). One function purges, in bounded batches, what is past its class's
-- retention: raw alert payloads (emptied, the alert stays), finished workflows with their incident,
-- alerts, timeline, outbox and timers, security events with their hits and firings, and audit
-- records. It runs under a transaction advisory lock (one replica at a time) and records each run in
-- retention_runs, so a restarted server knows when the next one is due.
--
-- The audit log stays append-only for everyone: the trigger now lets a DELETE through only inside
-- this function, only for rows older than the cut-off it set for its own transaction, and never for
-- rows younger than a year — the retention job is the one path that removes audit rows. (The
-- runtime role has no DELETE privilege on audit_log at all; this function runs as the owner.)

create table if not exists retention_runs (
  id          bigint generated always as identity primary key,
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  purged      jsonb not null default '{}'::jsonb
);
alter table retention_runs enable row level security;

create or replace function audit_log_is_append_only() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_before text := current_setting('firebreak.audit_purge_before', true);
begin
  if tg_op = 'DELETE' and v_before is not null and v_before <> ''
     and old.at < v_before::timestamptz and v_before::timestamptz <= now() - interval '365 days' then
    return old;
  end if;
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;
revoke execute on function audit_log_is_append_only() from public;

-- p_policy: {raw_payloads_ms, incidents_ms, security_events_ms, audit_ms, batch}. Returns what each
-- class lost in this call ({raw_payloads, workflows, alerts, timeline, security_events, firings,
-- audit, more}); `more` = some class hit the batch size: call again. Null when another replica holds the lock.
create or replace function fb_retention_purge(p_policy jsonb) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_batch integer := coalesce((p_policy->>'batch')::integer, 5000);
  v_raw_cut timestamptz := now() - (p_policy->>'raw_payloads_ms')::bigint * interval '1 millisecond';
  v_inc_cut timestamptz := now() - (p_policy->>'incidents_ms')::bigint * interval '1 millisecond';
  v_evt_cut timestamptz := now() - (p_policy->>'security_events_ms')::bigint * interval '1 millisecond';
  -- Never younger than a year, whatever the caller asks.
  v_audit_cut timestamptz := least(now() - (p_policy->>'audit_ms')::bigint * interval '1 millisecond', now() - interval '365 days');
  v_raw integer; v_wf integer; v_alerts integer; v_timeline integer; v_events integer; v_firings integer; v_audit integer; v_deliveries integer;
  v_ids text[];
begin
  if not pg_try_advisory_xact_lock(hashtext('fb:retention')) then
    return null;
  end if;

  with old as (select id from alerts where raw is not null and last_seen < v_raw_cut limit v_batch)
  update alerts a set raw = null from old where a.id = old.id;
  get diagnostics v_raw = row_count;
  with old as (select source, delivery_id from webhook_deliveries where received_at < v_raw_cut limit v_batch)
  delete from webhook_deliveries d using old where d.source = old.source and d.delivery_id = old.delivery_id;
  get diagnostics v_deliveries = row_count;

  select coalesce(array_agg(id), '{}') into v_ids from (
    select id from workflows where status in ('done', 'failed') and updated_at < v_inc_cut limit v_batch) w;
  delete from alerts where incident_id = any (v_ids);
  get diagnostics v_alerts = row_count;
  delete from timeline where workflow_id = any (v_ids);
  get diagnostics v_timeline = row_count;
  delete from outbox where workflow_id = any (v_ids);
  delete from workflows where id = any (v_ids); -- incidents and timers go with them (on delete cascade)
  get diagnostics v_wf = row_count;

  with old as (select id from security_events where occurred_at < v_evt_cut limit v_batch)
  delete from security_events e using old where e.id = old.id; -- detection hits cascade
  get diagnostics v_events = row_count;
  with old as (select id from detection_firings where fired_at < v_evt_cut and status = 'delivered' limit v_batch)
  delete from detection_firings f using old where f.id = old.id;
  get diagnostics v_firings = row_count;
  delete from detection_state where cooldown_until < v_evt_cut;

  perform set_config('firebreak.audit_purge_before', v_audit_cut::text, true);
  with old as (select id from audit_log where at < v_audit_cut order by id limit v_batch)
  delete from audit_log a using old where a.id = old.id;
  get diagnostics v_audit = row_count;
  perform set_config('firebreak.audit_purge_before', '', true);

  return jsonb_build_object(
    'raw_payloads', v_raw, 'deliveries', v_deliveries, 'workflows', v_wf, 'alerts', v_alerts, 'timeline', v_timeline,
    'security_events', v_events, 'firings', v_firings, 'audit', v_audit,
    'more', greatest(v_raw, v_deliveries, v_wf, v_events, v_firings, v_audit) >= v_batch);
end;
$$;

-- Is a run due (the last one started longer than p_every_ms ago, or none ever)? Records the start when it is.
create or replace function fb_retention_claim(p_every_ms bigint) returns bigint
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_id bigint;
begin
  perform pg_advisory_xact_lock(hashtext('fb:retention-claim'));
  if exists (select 1 from retention_runs where started_at > now() - p_every_ms * interval '1 millisecond') then
    return null;
  end if;
  insert into retention_runs default values returning id into v_id;
  return v_id;
end;
$$;

create or replace function fb_retention_finish(p_run bigint, p_purged jsonb) returns void
language sql
security definer
set search_path = public, pg_temp
as $$
  update retention_runs set finished_at = now(), purged = p_purged where id = p_run;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208091000'::text); $$;
