-- Access: per-user rate limits (access.limits in firebreak.yaml) — how many pages or declarations one
-- person made in the current fixed window, shared by every replica. Old windows of a key are dropped
-- as the key is counted again, so the table holds about one row per person and action.

create table if not exists access_counts (
  key text not null,
  window_start timestamptz not null,
  count integer not null,
  primary key (key, window_start)
);
alter table access_counts enable row level security;

-- Counts one use of p_key unless p_max were used in this window already. Returns {ok, count,
-- retry_after_ms} (retry_after_ms: until the window ends, when refused).
create or replace function fb_access_spend(p_key text, p_window_ms bigint, p_max integer)
returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_now_ms bigint := floor(extract(epoch from clock_timestamp()) * 1000);
  v_start_ms bigint := v_now_ms - (v_now_ms % greatest(p_window_ms, 1));
  v_start timestamptz := to_timestamp(v_start_ms / 1000.0);
  v_count integer;
begin
  delete from access_counts where key = p_key and window_start < v_start;
  insert into access_counts as c (key, window_start, count) values (p_key, v_start, 1)
  on conflict (key, window_start) do update set count = c.count + 1 where c.count < p_max
  returning c.count into v_count;
  if v_count is not null then
    return jsonb_build_object('ok', true, 'count', v_count, 'retry_after_ms', 0);
  end if;
  select count into v_count from access_counts where key = p_key and window_start = v_start;
  return jsonb_build_object('ok', false, 'count', coalesce(v_count, p_max), 'retry_after_ms', v_start_ms + p_window_ms - v_now_ms);
end;
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208010000'::text); $$;
