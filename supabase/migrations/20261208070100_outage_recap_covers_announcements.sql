-- Store: one message after a chat outage, not a replay. fb_breaker_close now also settles the
-- announcements (p_collapse types, e.g. slack.announce) queued while the vendor was unreachable — or
-- parked for it — as done, covered by the outage recap it queues: the announcement channel gets the
-- recap naming every incident declared or changed meanwhile, not the stale announcements one by one.
-- Only when a recap is queued (p_recap_type not null). Replaces the three-argument function (a
-- second overload would make named calls ambiguous).
drop function if exists fb_breaker_close(text, double precision, text);

create or replace function fb_breaker_close(p_vendor text, p_pace_per_s double precision, p_recap_type text default null, p_collapse jsonb default '[]')
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v vendor_breakers%rowtype;
  v_resumed integer;
  v_collapsed integer := 0;
begin
  select * into v from vendor_breakers where vendor = p_vendor for update;
  if not found or v.state <> 'open' then
    return jsonb_build_object('closed', false);
  end if;
  update vendor_breakers set state = 'closed', failures = 0, closed_at = now(), next_probe_at = null, updated_at = now()
   where vendor = p_vendor;
  if p_recap_type is not null and jsonb_array_length(p_collapse) > 0 then
    update outbox
       set status = 'done', parked_on = null, finished_at = now(), lease_owner = null, lease_until = null,
           result = jsonb_build_object('skipped', 'covered by the outage recap')
     where status = 'pending' and effect_type in (select jsonb_array_elements_text(p_collapse))
       and (parked_on = p_vendor or created_at >= v.opened_at);
    get diagnostics v_collapsed = row_count;
  end if;
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
  return jsonb_build_object('closed', true, 'opened_at', v.opened_at, 'closed_at', now(), 'resumed', v_resumed, 'collapsed', v_collapsed);
end;
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208070100'::text); $$;
