-- Store: an effect's durable progress. An effect with several parts (a page: a channel mention, DMs,
-- PagerDuty, webhooks) records each part that got through, so an attempt on another replica, or
-- after a crash, repeats none of them — not even a harmless PagerDuty re-trigger.
alter table outbox add column if not exists progress jsonb not null default '[]'::jsonb;

-- Records that part p_part of effect p_id is done; only the lease holder may (as with complete).
create or replace function fb_outbox_progress(p_id bigint, p_owner text, p_part text) returns jsonb
language plpgsql as $$
begin
  update outbox set progress = progress || to_jsonb(p_part)
   where id = p_id and lease_owner = p_owner and status = 'running' and not progress ? p_part;
  return jsonb_build_object('ok', true);
end;
$$;

-- The claim: pages first (by the priority column of 20261127093000), each effect with its progress.
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
              o.attempts, o.max_attempts, o.progress
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'workflow_id', workflow_id, 'type', effect_type, 'params', params,
           'idempotency_key', idempotency_key, 'ordering_key', ordering_key,
           'attempt', attempts, 'max_attempts', max_attempts, 'progress', progress) order by priority, id), '[]'::jsonb)
    from claimed;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable as $$ select to_jsonb('20261127094500'::text); $$;
