-- Store: the durable workflow engine's tables and the plpgsql functions that are the store's API.
-- Every multi-row operation is one function call, so the three transports (PGlite, pg, supabase-js
-- .rpc) run the same SQL. Written for both PostgreSQL 15 (the server) and 18 (PGlite).

create table if not exists workflows (
  id              text primary key,
  kind            text not null,
  machine_version integer not null,
  -- Optimistic concurrency: every committed step bumps it; a step computed on an older version is
  -- rejected and recomputed on the fresh snapshot.
  version         bigint not null,
  status          text not null default 'active' check (status in ('active', 'done', 'failed')),
  snapshot        jsonb not null,
  -- A small projection of the snapshot that SQL can query (an incident's status, severity…),
  -- written by the same commit as the snapshot so it is never stale.
  summary         jsonb,
  failure         text,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index if not exists workflows_kind_status on workflows (kind, status);

-- Delayed events (XState `after` / delayed `raise`) as rows with an absolute deadline. The
-- generation is the workflow version that scheduled the timer: a re-entered state reuses the raise
-- id, so (timer_key, generation) is what tells a live timer from a stale one.
create table if not exists timers (
  id          bigint generated always as identity primary key,
  workflow_id text not null references workflows (id) on delete cascade,
  timer_key   text not null,
  generation  bigint not null,
  event       jsonb not null,
  due_at      timestamptz not null,
  lease_owner text,
  lease_until timestamptz,
  unique (workflow_id, timer_key)
);
create index if not exists timers_due on timers (due_at);

-- Effects waiting to run (every custom action a transition returns). At-least-once delivery made
-- safe by a stable idempotency key; effects that share an ordering key run in commit (id) order.
create table if not exists outbox (
  id              bigint generated always as identity primary key,
  workflow_id     text not null,
  effect_type     text not null,
  params          jsonb not null,
  idempotency_key text not null unique,
  ordering_key    text,
  status          text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts        integer not null default 0,
  max_attempts    integer not null,
  -- Attempts the vendor throttled (429): given back rather than counted, at most 100 times.
  throttles       integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_owner     text,
  lease_until     timestamptz,
  last_error      text,
  result          jsonb,
  created_at      timestamptz not null default now(),
  finished_at     timestamptz
);
create index if not exists outbox_ready on outbox (next_attempt_at) where status in ('pending', 'running');
create index if not exists outbox_ordering on outbox (ordering_key, id) where status in ('pending', 'running');
create index if not exists outbox_workflow on outbox (workflow_id, id);

-- What happened, in order, per workflow: the incident timeline and the post-mortem's raw material.
create table if not exists timeline (
  id          bigint generated always as identity primary key,
  workflow_id text not null,
  at          timestamptz not null default now(),
  kind        text not null,
  actor       text,
  message     text not null,
  data        jsonb
);
create index if not exists timeline_workflow on timeline (workflow_id, id);

-- Append-only record of who did what (approvals, remediation, config changes in later issues).
create table if not exists audit_log (
  id      bigint generated always as identity primary key,
  at      timestamptz not null default now(),
  actor   text not null,
  action  text not null,
  subject text,
  data    jsonb
);

create or replace function audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

drop trigger if exists audit_log_no_change on audit_log;
create trigger audit_log_no_change before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
-- A row trigger does not see TRUNCATE: it needs a statement trigger of its own.
drop trigger if exists audit_log_no_truncate on audit_log;
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();

-- Only the service role reads incident data: RLS on, no public policy.
alter table workflows enable row level security;
alter table timers enable row level security;
alter table outbox enable row level security;
alter table timeline enable row level security;
alter table audit_log enable row level security;

-- ---------------------------------------------------------------------------------------------
-- Workflows

create or replace function fb_workflow_load(p_id text) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', id, 'kind', kind, 'machine_version', machine_version, 'version', version,
    'status', status, 'snapshot', snapshot, 'summary', summary, 'failure', failure)
  from workflows where id = p_id;
$$;

-- One step, one commit. p_expected_version = 0 creates the workflow. Returns
-- {ok: true, version} or {ok: false, reason: 'conflict' | 'exists' | 'stale-timer' | 'not-active'}.
-- p_timers: [{key, event, delay_ms}]; p_cancel: [key]; p_effects: [{type, params, idempotency_key,
-- ordering_key, max_attempts}]; p_timeline: [{kind, actor, message, data}];
-- p_consumed_timer: {key, generation} when the step delivers a timer (null otherwise).
create or replace function fb_workflow_commit(
  p_id text,
  p_kind text,
  p_machine_version integer,
  p_expected_version bigint,
  p_snapshot jsonb,
  p_status text,
  p_timers jsonb default '[]',
  p_cancel jsonb default '[]',
  p_effects jsonb default '[]',
  p_timeline jsonb default '[]',
  p_consumed_timer jsonb default null,
  p_summary jsonb default null
) returns jsonb
language plpgsql as $$
declare
  v_version bigint := p_expected_version + 1;
  v_rows integer;
begin
  if p_consumed_timer is not null then
    -- Lock the timer being delivered first: if it was cancelled or re-armed since it was claimed,
    -- the step is stale and nothing is written.
    perform 1 from timers
      where workflow_id = p_id
        and timer_key = p_consumed_timer ->> 'key'
        and generation = (p_consumed_timer ->> 'generation')::bigint
      for update;
    if not found then
      return jsonb_build_object('ok', false, 'reason', 'stale-timer');
    end if;
  end if;

  if p_expected_version = 0 then
    insert into workflows (id, kind, machine_version, version, status, snapshot, summary)
    values (p_id, p_kind, p_machine_version, 1, p_status, p_snapshot, p_summary)
    on conflict (id) do nothing;
    get diagnostics v_rows = row_count;
    if v_rows = 0 then
      return jsonb_build_object('ok', false, 'reason', 'exists',
        'version', (select version from workflows where id = p_id));
    end if;
  else
    update workflows
       set snapshot = p_snapshot, version = v_version, status = p_status,
           machine_version = p_machine_version, summary = coalesce(p_summary, summary), updated_at = now()
     where id = p_id and version = p_expected_version and status = 'active';
    get diagnostics v_rows = row_count;
    if v_rows = 0 then
      return jsonb_build_object('ok', false, 'reason',
        case when exists (select 1 from workflows where id = p_id and status <> 'active')
             then 'not-active' else 'conflict' end);
    end if;
  end if;

  if p_consumed_timer is not null then
    delete from timers
     where workflow_id = p_id
       and timer_key = p_consumed_timer ->> 'key'
       and generation = (p_consumed_timer ->> 'generation')::bigint;
  end if;

  if p_status <> 'active' then
    delete from timers where workflow_id = p_id;
  else
    delete from timers
     where workflow_id = p_id
       and timer_key in (select jsonb_array_elements_text(p_cancel));
    insert into timers (workflow_id, timer_key, generation, event, due_at)
    select p_id, t ->> 'key', v_version, t -> 'event',
           now() + ((t ->> 'delay_ms')::bigint * interval '1 millisecond')
      from jsonb_array_elements(p_timers) t
    on conflict (workflow_id, timer_key) do update
       set generation = excluded.generation, event = excluded.event, due_at = excluded.due_at,
           lease_owner = null, lease_until = null;
  end if;

  insert into outbox (workflow_id, effect_type, params, idempotency_key, ordering_key, max_attempts)
  select p_id, e ->> 'type', coalesce(e -> 'params', '{}'::jsonb), e ->> 'idempotency_key',
         e ->> 'ordering_key', coalesce((e ->> 'max_attempts')::integer, 8)
    from jsonb_array_elements(p_effects) with ordinality as x(e, n)
   order by n
  on conflict (idempotency_key) do nothing;

  insert into timeline (workflow_id, kind, actor, message, data)
  select p_id, t ->> 'kind', t ->> 'actor', t ->> 'message', t -> 'data'
    from jsonb_array_elements(p_timeline) with ordinality as x(t, n)
   order by n;

  return jsonb_build_object('ok', true, 'version', v_version);
end;
$$;

-- A workflow whose snapshot cannot be restored (unknown machine version, corrupt snapshot) is
-- parked as failed with the reason on its timeline; the rest go on.
create or replace function fb_workflow_fail(p_id text, p_reason text) returns jsonb
language plpgsql as $$
begin
  update workflows set status = 'failed', failure = p_reason, updated_at = now()
   where id = p_id and status = 'active';
  if not found then
    return jsonb_build_object('ok', false);
  end if;
  delete from timers where workflow_id = p_id;
  insert into timeline (workflow_id, kind, message, data)
  values (p_id, 'workflow.failed', p_reason, null);
  return jsonb_build_object('ok', true);
end;
$$;

create or replace function fb_timeline_list(p_workflow_id text, p_after_id bigint default 0, p_limit integer default 1000)
returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'at', at, 'kind', kind, 'actor', actor, 'message', message, 'data', data)
         order by id), '[]'::jsonb)
    from (select * from timeline
           where workflow_id = p_workflow_id and id > p_after_id
           order by id limit p_limit) t;
$$;

create or replace function fb_timeline_append(p_workflow_id text, p_kind text, p_actor text, p_message text, p_data jsonb default null)
returns jsonb
language sql as $$
  insert into timeline (workflow_id, kind, actor, message, data)
  values (p_workflow_id, p_kind, p_actor, p_message, p_data)
  returning jsonb_build_object('id', id);
$$;

-- ---------------------------------------------------------------------------------------------
-- Timers

-- Claims due timers whose lease is free or expired (its holder died), under a lease of our own.
-- Each comes with its workflow's current row, so delivering it is one more round trip (the commit),
-- not two. p_lookahead_ms also claims timers due that soon: the scheduler holds them and fires each
-- at its deadline instead of at the next poll.
create or replace function fb_timers_claim(p_owner text, p_limit integer, p_lease_ms integer, p_lookahead_ms integer default 0) returns jsonb
language sql as $$
  with due as (
    select id from timers
     where due_at <= now() + p_lookahead_ms * interval '1 millisecond'
       and (lease_until is null or lease_until < now())
     order by due_at
     limit p_limit
     for update skip locked
  ), claimed as (
    update timers t
       set lease_owner = p_owner, lease_until = now() + (p_lease_ms * interval '1 millisecond')
      from due where t.id = due.id
    returning t.id, t.workflow_id, t.timer_key, t.generation, t.event, t.due_at
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', c.id, 'workflow_id', c.workflow_id, 'key', c.timer_key, 'generation', c.generation,
           'event', c.event, 'due_at', c.due_at,
           'late_ms', floor(extract(epoch from (now() - c.due_at)) * 1000),
           'workflow', jsonb_build_object(
             'id', w.id, 'kind', w.kind, 'machine_version', w.machine_version, 'version', w.version,
             'status', w.status, 'snapshot', w.snapshot, 'summary', w.summary, 'failure', w.failure))
         order by c.due_at), '[]'::jsonb)
    from claimed c join workflows w on w.id = c.workflow_id;
$$;

-- Drops one claimed timer whose delivery found nothing to do (workflow gone, finished or failed).
create or replace function fb_timer_drop(p_id bigint, p_generation bigint) returns jsonb
language sql as $$
  with d as (delete from timers where id = p_id and generation = p_generation returning 1)
  select jsonb_build_object('dropped', count(*)) from d;
$$;

create or replace function fb_timers_release(p_owner text) returns jsonb
language sql as $$
  with r as (update timers set lease_owner = null, lease_until = null where lease_owner = p_owner returning 1)
  select jsonb_build_object('released', count(*)) from r;
$$;

-- ---------------------------------------------------------------------------------------------
-- Outbox

-- Claims runnable effects: pending and due, or running under an expired lease (the dispatcher that
-- held it died). An effect waits while an earlier effect with the same ordering key is unfinished.
create or replace function fb_outbox_claim(p_owner text, p_limit integer, p_lease_ms integer) returns jsonb
language sql as $$
  with ready as (
    select o.id from outbox o
     where ((o.status = 'pending' and o.next_attempt_at <= now())
            or (o.status = 'running' and o.lease_until < now()))
       and (o.ordering_key is null or not exists (
             select 1 from outbox p
              where p.ordering_key = o.ordering_key and p.id < o.id
                and p.status in ('pending', 'running')))
     order by o.id
     limit p_limit
     for update skip locked
  ), claimed as (
    update outbox o
       set status = 'running', attempts = o.attempts + 1, lease_owner = p_owner,
           lease_until = now() + (p_lease_ms * interval '1 millisecond')
      from ready where o.id = ready.id
    returning o.id, o.workflow_id, o.effect_type, o.params, o.idempotency_key, o.ordering_key,
              o.attempts, o.max_attempts
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'workflow_id', workflow_id, 'type', effect_type, 'params', params,
           'idempotency_key', idempotency_key, 'ordering_key', ordering_key,
           'attempt', attempts, 'max_attempts', max_attempts) order by id), '[]'::jsonb)
    from claimed;
$$;

create or replace function fb_outbox_complete(p_id bigint, p_owner text, p_result jsonb default null) returns jsonb
language plpgsql as $$
begin
  update outbox
     set status = 'done', result = p_result, finished_at = now(), lease_owner = null,
         lease_until = null, last_error = null
   where id = p_id and lease_owner = p_owner and status = 'running';
  return jsonb_build_object('ok', found);
end;
$$;

-- A failed attempt: retry after p_retry_ms, or (p_retry_ms null, or attempts used up) mark the
-- effect dead and say so on its workflow's timeline. Never silently dropped.
create or replace function fb_outbox_fail(p_id bigint, p_owner text, p_error text, p_retry_ms integer, p_throttled boolean default false)
returns jsonb
language plpgsql as $$
declare
  v outbox%rowtype;
begin
  select * into v from outbox where id = p_id and lease_owner = p_owner and status = 'running' for update;
  if not found then
    return jsonb_build_object('ok', false);
  end if;
  if p_throttled and p_retry_ms is not null and v.throttles < 100 then
    update outbox
       set status = 'pending', last_error = p_error, lease_owner = null, lease_until = null,
           attempts = attempts - 1, throttles = throttles + 1,
           next_attempt_at = now() + (p_retry_ms * interval '1 millisecond')
     where id = p_id;
    return jsonb_build_object('ok', true, 'dead', false);
  end if;
  if p_retry_ms is not null and v.attempts < v.max_attempts then
    update outbox
       set status = 'pending', last_error = p_error, lease_owner = null, lease_until = null,
           next_attempt_at = now() + (p_retry_ms * interval '1 millisecond')
     where id = p_id;
    return jsonb_build_object('ok', true, 'dead', false);
  end if;
  update outbox
     set status = 'dead', last_error = p_error, lease_owner = null, lease_until = null, finished_at = now()
   where id = p_id;
  insert into timeline (workflow_id, kind, message, data)
  values (v.workflow_id, 'effect.dead',
          format('%s gave up after %s attempt(s): %s', v.effect_type, v.attempts, p_error),
          jsonb_build_object('effect_id', v.id, 'type', v.effect_type,
                             'idempotency_key', v.idempotency_key, 'attempts', v.attempts));
  return jsonb_build_object('ok', true, 'dead', true);
end;
$$;

create or replace function fb_outbox_release(p_owner text) returns jsonb
language sql as $$
  -- The attempt in hand did not finish: give it back without counting it.
  with r as (
    update outbox set status = 'pending', lease_owner = null, lease_until = null,
                      attempts = greatest(attempts - 1, 0)
     where lease_owner = p_owner and status = 'running' returning 1)
  select jsonb_build_object('released', count(*)) from r;
$$;

create or replace function fb_outbox_list(p_workflow_id text) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'type', effect_type, 'params', params, 'idempotency_key', idempotency_key,
           'ordering_key', ordering_key, 'status', status, 'attempts', attempts, 'throttles', throttles,
           'last_error', last_error, 'result', result) order by id), '[]'::jsonb)
    from outbox where workflow_id = p_workflow_id;
$$;

-- Gauges for /metrics and /readyz.
create or replace function fb_engine_stats() returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'workflows_active', (select count(*) from workflows where status = 'active'),
    'workflows_failed', (select count(*) from workflows where status = 'failed'),
    'timers_pending', (select count(*) from timers),
    'outbox_pending', (select count(*) from outbox where status in ('pending', 'running')),
    'outbox_dead', (select count(*) from outbox where status = 'dead'));
$$;

-- ---------------------------------------------------------------------------------------------
-- Audit

create or replace function fb_audit_append(p_actor text, p_action text, p_subject text default null, p_data jsonb default null)
returns jsonb
language sql as $$
  insert into audit_log (actor, action, subject, data) values (p_actor, p_action, p_subject, p_data)
  returning jsonb_build_object('id', id, 'at', at);
$$;

create or replace function fb_audit_list(p_subject text default null, p_limit integer default 100) returns jsonb
language sql stable as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'at', at, 'actor', actor, 'action', action, 'subject', subject, 'data', data)
         order by id), '[]'::jsonb)
    from (select * from audit_log where p_subject is null or subject = p_subject
           order by id desc limit p_limit) a;
$$;

-- ---------------------------------------------------------------------------------------------
-- The schema version this database is at: every migration redefines it, so a transport that cannot
-- read the migrations table (supabase-js) can still refuse a schema newer or older than its code.
create or replace function fb_schema_version() returns jsonb
language sql immutable as $$ select to_jsonb('20261127000000'::text); $$;
