-- Store: the /metrics figures read only live rows, so a scrape costs the same after a year of
-- incidents as on the first day. The previous fb_engine_stats counted workflows and outbox rows by
-- status over whole tables that only grow (every closed incident, every effect ever run): each
-- scrape got slower with history. Now each figure comes from a partial index over a small set —
-- active or failed workflows, unfinished effects (outbox_unfinished_by_priority), dead effects —
-- or from timers, which holds only timers not yet delivered. The server also caches the answer for
-- a few seconds, so a busy Prometheus cannot load the store.

create index if not exists workflows_active_or_failed on workflows (status) where status in ('active', 'failed');
create index if not exists outbox_dead on outbox (id) where status = 'dead';

-- Ages are seconds by the database clock (the one deadlines are written in), 0 when nothing waits.
-- Closed like every store function (20261207173000_runtime_role.sql): CREATE OR REPLACE keeps its
-- grants (firebreak_runtime, service_role; none for PUBLIC, anon, authenticated) but resets what the
-- definition does not say, hence security definer and the pinned path here.
create or replace function fb_engine_stats() returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'workflows_active', w.active,
    'workflows_failed', w.failed,
    'timers_pending', t.pending,
    'timers_overdue_seconds', coalesce(greatest(extract(epoch from (now() - t.next_due)), 0), 0),
    'outbox_pending', o.pending,
    'outbox_running', o.running,
    'outbox_oldest_pending_seconds', coalesce(greatest(extract(epoch from (now() - o.oldest)), 0), 0),
    'outbox_dead', d.dead)
  from (select count(*) filter (where status = 'active') as active,
               count(*) filter (where status = 'failed') as failed
          from workflows where status in ('active', 'failed')) w,
       (select count(*) as pending, min(due_at) as next_due from timers) t,
       (select count(*) as pending,
               count(*) filter (where status = 'running') as running,
               min(created_at) as oldest
          from outbox where status in ('pending', 'running')) o,
       (select count(*) as dead from outbox where status = 'dead') d;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261207184000'::text); $$;
