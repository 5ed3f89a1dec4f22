-- Store: pages before everything else. During an alert storm the outbox fills with channel
-- creations, summary edits and announcements; a page (page.targets) claimed in plain id order waited
-- behind all of them, so a level could reach a human seconds late. The claim now takes pages first.
-- Order within an ordering key is untouched: a page still waits for its own incident's earlier
-- effects (its channel must exist before it can be mentioned in it).
alter table outbox add column if not exists priority smallint
  generated always as (case when effect_type like 'page.%' then 0 else 1 end) stored;

create index if not exists outbox_unfinished_by_priority on outbox (priority, id) where status in ('pending', 'running');
drop index if exists outbox_unfinished;

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
     order by o.priority, o.id
     limit p_limit
     for update skip locked
  ), claimed as (
    update outbox o
       set status = 'running', attempts = o.attempts + 1, lease_owner = p_owner,
           lease_until = now() + (p_lease_ms * interval '1 millisecond')
      from ready where o.id = ready.id
    returning o.id, o.priority, o.workflow_id, o.effect_type, o.params, o.idempotency_key, o.ordering_key,
              o.attempts, o.max_attempts
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'workflow_id', workflow_id, 'type', effect_type, 'params', params,
           'idempotency_key', idempotency_key, 'ordering_key', ordering_key,
           'attempt', attempts, 'max_attempts', max_attempts) order by priority, id), '[]'::jsonb)
    from claimed;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable as $$ select to_jsonb('20261127093000'::text); $$;
