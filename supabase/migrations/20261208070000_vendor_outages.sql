-- Store: vendor outages delay work, never lose it. Three pieces, all rows so restarts and replicas
-- share them:
-- 1. Retries bounded by time, not by a count an outage burns through in minutes:
--    fb_outbox_fail_within gives up once the effect is older than the budget the caller names.
-- 2. One breaker per vendor (vendor_breakers). While it is open, that vendor's effects are parked
--    (next_attempt_at = infinity, parked_on = vendor): the claim's own `next_attempt_at <= now()`
--    skips them, no attempt is spent and the vendor is not called. Closing the breaker resumes them
--    paced (staggered next_attempt_at), ordering keys untouched.
-- 3. Stale work collapses: fb_outbox_superseded tells a handler that a later effect of the same type
--    and ordering key is waiting, so N queued summary edits become one.

alter table outbox add column if not exists parked_on text;
create index if not exists outbox_parked on outbox (parked_on, priority, id) where parked_on is not null and status = 'pending';

create table if not exists vendor_breakers (
  vendor        text primary key,
  state         text not null default 'closed' check (state in ('closed', 'open')),
  -- Consecutive failed calls (5xx, timeout, refused connection) across every replica.
  failures      integer not null default 0,
  opened_at     timestamptz,
  closed_at     timestamptz,
  last_error    text,
  -- When the next probe may run (one replica probes per interval).
  next_probe_at timestamptz,
  updated_at    timestamptz not null default now()
);
alter table vendor_breakers enable row level security;

-- A failed call to p_vendor. Opens the breaker after p_threshold consecutive failures.
-- Returns {state, opened: true when this call opened it, opened_at}.
create or replace function fb_breaker_failed(p_vendor text, p_error text, p_threshold integer)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v vendor_breakers%rowtype;
  v_opened boolean := false;
begin
  insert into vendor_breakers (vendor, failures, last_error, updated_at)
  values (p_vendor, 1, left(p_error, 500), now())
  on conflict (vendor) do update
     set failures = vendor_breakers.failures + 1, last_error = left(p_error, 500), updated_at = now()
  returning * into v;
  if v.state = 'closed' and v.failures >= p_threshold then
    update vendor_breakers set state = 'open', opened_at = now(), next_probe_at = now(), updated_at = now()
     where vendor = p_vendor
    returning * into v;
    v_opened := true;
  end if;
  return jsonb_build_object('state', v.state, 'opened', v_opened, 'opened_at', v.opened_at);
end;
$$;

-- A call to p_vendor got through: the consecutive-failure count starts again (an open breaker is
-- closed only by fb_breaker_close, after a probe).
create or replace function fb_breaker_succeeded(p_vendor text)
returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  update vendor_breakers set failures = 0, updated_at = now()
   where vendor = p_vendor and state = 'closed' and failures > 0;
  select jsonb_build_object('ok', true);
$$;

-- May this replica probe p_vendor now? One replica wins each interval.
create or replace function fb_breaker_probe_due(p_vendor text, p_interval_ms integer)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  update vendor_breakers set next_probe_at = now() + p_interval_ms * interval '1 millisecond'
   where vendor = p_vendor and state = 'open' and next_probe_at <= now();
  return jsonb_build_object('due', found);
end;
$$;

-- The probe got through: close the breaker and resume the parked effects, p_pace_per_s a second in
-- (priority, id) order, so recovery is not a thundering herd. Ordering keys still hold: a resumed
-- effect waits for earlier unfinished effects with its key. For Slack, an outage recap is queued
-- once per outage (idempotency key names the outage's start).
create or replace function fb_breaker_close(p_vendor text, p_pace_per_s double precision, p_recap_type text default null)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v vendor_breakers%rowtype;
  v_resumed integer;
begin
  select * into v from vendor_breakers where vendor = p_vendor for update;
  if not found or v.state <> 'open' then
    return jsonb_build_object('closed', false);
  end if;
  update vendor_breakers set state = 'closed', failures = 0, closed_at = now(), next_probe_at = null, updated_at = now()
   where vendor = p_vendor;
  with parked as (
    select id, row_number() over (order by priority, id) - 1 as n
      from outbox where parked_on = p_vendor and status = 'pending'
  )
  update outbox o
     set parked_on = null,
         next_attempt_at = now() + (parked.n / greatest(p_pace_per_s, 0.001)) * interval '1 second'
    from parked where o.id = parked.id;
  get diagnostics v_resumed = row_count;
  if p_recap_type is not null then
    insert into outbox (workflow_id, effect_type, params, idempotency_key, ordering_key, max_attempts)
    values ('vendor:' || p_vendor, p_recap_type,
            jsonb_build_object('vendor', p_vendor, 'from', v.opened_at, 'to', now()),
            format('outage-recap:%s:%s', p_vendor, v.opened_at), null, 8)
    on conflict (idempotency_key) do nothing;
  end if;
  return jsonb_build_object('closed', true, 'opened_at', v.opened_at, 'closed_at', now(), 'resumed', v_resumed);
end;
$$;

-- Every vendor's breaker and how many effects wait on it (parked), for the gate, logs and /metrics.
create or replace function fb_breakers()
returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'vendor', b.vendor, 'state', b.state, 'failures', b.failures, 'opened_at', b.opened_at,
           'closed_at', b.closed_at, 'last_error', b.last_error,
           'down_ms', case when b.state = 'open' then floor(extract(epoch from (now() - b.opened_at)) * 1000) else 0 end,
           'waiting', (select count(*) from outbox o where o.parked_on = b.vendor and o.status = 'pending'))
         order by b.vendor), '[]'::jsonb)
    from vendor_breakers b;
$$;

-- A claimed effect found its vendor's breaker open: hand it back unspent and park it until the
-- breaker closes. If the breaker closed meanwhile (another replica's probe), it is retried a second
-- later: by then the replica that parked it has re-read the breaker (the gate does every second), so
-- it does not spin claiming and parking the same effect.
create or replace function fb_outbox_park(p_id bigint, p_owner text, p_vendor text, p_error text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_open boolean;
begin
  -- Waits for a concurrent fb_breaker_close, then sees its result: nothing is parked after the resume.
  select state = 'open' into v_open from vendor_breakers where vendor = p_vendor for share;
  update outbox
     set status = 'pending', lease_owner = null, lease_until = null, last_error = left(p_error, 2000),
         attempts = greatest(attempts - 1, 0),
         parked_on = case when coalesce(v_open, false) then p_vendor else null end,
         next_attempt_at = case when coalesce(v_open, false) then 'infinity'::timestamptz else now() + interval '1 second' end
   where id = p_id and lease_owner = p_owner and status = 'running';
  return jsonb_build_object('ok', found, 'parked', found and coalesce(v_open, false));
end;
$$;

-- A failed attempt under a time budget: retry after p_retry_ms while the effect is younger than
-- p_budget_ms; give up (dead, on the timeline) when p_retry_ms is null or the budget is spent.
-- Attempts are still counted, for the record, but no longer end anything.
create or replace function fb_outbox_fail_within(p_id bigint, p_owner text, p_error text, p_retry_ms integer, p_throttled boolean, p_budget_ms bigint)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v outbox%rowtype;
begin
  select * into v from outbox where id = p_id and lease_owner = p_owner and status = 'running' for update;
  if not found then
    return jsonb_build_object('ok', false);
  end if;
  if p_retry_ms is not null and now() + p_retry_ms * interval '1 millisecond' <= v.created_at + p_budget_ms * interval '1 millisecond' then
    update outbox
       set status = 'pending', last_error = p_error, lease_owner = null, lease_until = null,
           attempts = case when p_throttled then greatest(attempts - 1, 0) else attempts end,
           throttles = throttles + case when p_throttled then 1 else 0 end,
           next_attempt_at = now() + (p_retry_ms * interval '1 millisecond')
     where id = p_id;
    return jsonb_build_object('ok', true, 'dead', false);
  end if;
  update outbox
     set status = 'dead', last_error = p_error, lease_owner = null, lease_until = null, finished_at = now()
   where id = p_id;
  insert into timeline (workflow_id, kind, message, data)
  values (v.workflow_id, 'effect.dead',
          case when p_retry_ms is null then format('%s gave up after %s attempt(s): %s', v.effect_type, v.attempts, p_error)
               else format('%s gave up after %s of retries (%s attempt(s)): %s', v.effect_type,
                           justify_interval(p_budget_ms * interval '1 millisecond'), v.attempts, p_error) end,
          jsonb_build_object('effect_id', v.id, 'type', v.effect_type,
                             'idempotency_key', v.idempotency_key, 'attempts', v.attempts));
  return jsonb_build_object('ok', true, 'dead', true);
end;
$$;

-- Is a later effect of the same type and ordering key still to run? Then this one is stale: the later
-- one renders the same fresh state (thirty queued summary edits become one).
create or replace function fb_outbox_superseded(p_id bigint, p_type text, p_ordering_key text)
returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('superseded', exists (
    select 1 from outbox
     where ordering_key = p_ordering_key and effect_type = p_type and id > p_id and status = 'pending'));
$$;

-- What changed while a vendor was unreachable: incidents declared, or with a timeline entry by a
-- person, an alert or the machine, between p_from and p_to (deliveries and dead effects aside).
create or replace function fb_incidents_changed_between(p_from timestamptz, p_to timestamptz, p_limit integer default 50)
returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(x.id order by x.number), '[]'::jsonb)
    from (select i.id, i.number from incidents i
           where exists (select 1 from timeline t
                          where t.workflow_id = i.id and t.at >= p_from and t.at <= p_to
                            and t.kind not like 'effect.%' and t.kind not like 'slack.%')
           order by i.number limit p_limit) x;
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208070000'::text); $$;
