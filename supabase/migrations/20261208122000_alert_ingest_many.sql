-- Store: several deliveries in one call (group commit). The webhook edge sends the deliveries that
-- arrive while earlier ones are still in the store together: one round trip and one commit for
-- many, which is what a repeat of a known alert costs most of (the update itself is small).
-- p_deliveries: [{p_source, p_delivery_id, p_alerts, p_candidates, p_window_ms, p_events,
-- p_signal_delay_ms, p_limits}] — fb_alert_ingest's arguments, by name. Each delivery runs in a
-- savepoint, so it is still all-or-nothing on its own: a delivery that fails (FBC01, a bad row)
-- is undone and answered {ok: false, sqlstate, message} while the others commit. The correlation
-- locks of every delivery are taken first, in one order, so two groups never deadlock on them.
-- Answers one {ok: true, result} or {ok: false, …} per delivery, in order.
create function fb_alert_ingest_many(p_deliveries jsonb) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  d jsonb;
  v_lock integer;
  v_out jsonb := '[]'::jsonb;
begin
  for v_lock in
    select distinct hashtext('fb:correlate:' || (x ->> 'correlation_key'))
      from jsonb_array_elements(p_deliveries) dd, jsonb_array_elements(dd -> 'p_alerts') x
     order by 1
  loop
    perform pg_advisory_xact_lock(v_lock);
  end loop;

  for d in select value from jsonb_array_elements(p_deliveries) loop
    begin
      v_out := v_out || jsonb_build_array(jsonb_build_object('ok', true, 'result', fb_alert_ingest(
        d ->> 'p_source',
        d ->> 'p_delivery_id',
        d -> 'p_alerts',
        coalesce(d -> 'p_candidates', '{}'::jsonb),
        (d ->> 'p_window_ms')::bigint,
        coalesce(d -> 'p_events', '[]'::jsonb),
        coalesce((d ->> 'p_signal_delay_ms')::integer, 2000),
        coalesce(d -> 'p_limits', '{}'::jsonb))));
    exception when others then
      v_out := v_out || jsonb_build_array(jsonb_build_object('ok', false, 'sqlstate', sqlstate, 'message', sqlerrm));
    end;
  end loop;
  return v_out;
end;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208122000'::text); $$;
