-- Store: data-subject requests (issue 13). fb_incident_export gathers everything Firebreak holds
-- about one incident; fb_erase_identifier replaces every occurrence of a person's identifier (an
-- email, a Slack user id, a name) with a pseudonym across incidents, alerts, the timeline, workflow
-- snapshots, effects and security events. The audit log is the legal record and is not rewritten
-- (its own retention ends it); the CLI records each export and erasure there, with a digest of the
-- identifier rather than the identifier itself.

create or replace function fb_incident_export(p_number bigint) returns jsonb
language plpgsql stable
security definer
set search_path = public, pg_temp
as $$
declare
  v_id text;
begin
  select id into v_id from incidents where number = p_number;
  if v_id is null then
    return null;
  end if;
  return jsonb_build_object(
    'exported_at', now(),
    'incident', (select to_jsonb(i) from incidents i where i.id = v_id),
    'workflow', (select jsonb_build_object('kind', w.kind, 'status', w.status, 'machine_version', w.machine_version, 'version', w.version,
                   'summary', w.summary, 'snapshot', w.snapshot, 'created_at', w.created_at, 'updated_at', w.updated_at)
                   from workflows w where w.id = v_id),
    'alerts', (select coalesce(jsonb_agg(to_jsonb(a) order by a.id), '[]'::jsonb) from alerts a where a.incident_id = v_id),
    'timeline', (select coalesce(jsonb_agg(to_jsonb(t) order by t.id), '[]'::jsonb) from timeline t where t.workflow_id = v_id),
    'effects', (select coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'type', o.effect_type, 'params', o.params, 'status', o.status,
                  'attempts', o.attempts, 'last_error', o.last_error, 'result', o.result, 'created_at', o.created_at, 'finished_at', o.finished_at) order by o.id), '[]'::jsonb)
                  from outbox o where o.workflow_id = v_id),
    'timers', (select coalesce(jsonb_agg(jsonb_build_object('key', tm.timer_key, 'due_at', tm.due_at, 'event', tm.event) order by tm.due_at), '[]'::jsonb)
                 from timers tm where tm.workflow_id = v_id),
    'detections', (select coalesce(jsonb_agg(to_jsonb(d) order by d.id), '[]'::jsonb) from detection_firings d where d.incident_id = v_id),
    'audit', (select coalesce(jsonb_agg(to_jsonb(l) order by l.id), '[]'::jsonb) from audit_log l where l.subject = v_id)
  );
end;
$$;

-- Replaces p_needle (at least 3 characters) with p_replacement wherever it occurs. Returns the rows
-- changed per table.
create or replace function fb_erase_identifier(p_needle text, p_replacement text) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  -- The needle as it appears inside JSON text (quotes and backslashes escaped), without its quotes.
  v_json text := substr(to_jsonb(p_needle)::text, 2, length(to_jsonb(p_needle)::text) - 2);
  v_rep text := substr(to_jsonb(p_replacement)::text, 2, length(to_jsonb(p_replacement)::text) - 2);
  v_like text := '%' || replace(replace(replace(p_needle, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_jlike text := '%' || replace(replace(replace(v_json, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  v_incidents integer; v_alerts integer; v_timeline integer; v_workflows integer; v_outbox integer; v_events integer;
begin
  if length(p_needle) < 3 then
    raise exception 'identifier too short to erase safely: %', length(p_needle) using errcode = '22023';
  end if;
  update incidents set title = replace(title, p_needle, p_replacement), declared_by = replace(declared_by, p_needle, p_replacement)
   where title like v_like or declared_by like v_like;
  get diagnostics v_incidents = row_count;
  update alerts set title = replace(title, p_needle, p_replacement), description = replace(description, p_needle, p_replacement),
         tags = replace(tags::text, v_json, v_rep)::jsonb, raw = replace(raw::text, v_json, v_rep)::jsonb,
         links = replace(links::text, v_json, v_rep)::jsonb
   where title like v_like or description like v_like or tags::text like v_jlike or raw::text like v_jlike or links::text like v_jlike;
  get diagnostics v_alerts = row_count;
  update timeline set message = replace(message, p_needle, p_replacement), actor = replace(actor, p_needle, p_replacement),
         data = replace(data::text, v_json, v_rep)::jsonb
   where message like v_like or actor like v_like or data::text like v_jlike;
  get diagnostics v_timeline = row_count;
  update workflows set snapshot = replace(snapshot::text, v_json, v_rep)::jsonb, summary = replace(summary::text, v_json, v_rep)::jsonb
   where snapshot::text like v_jlike or summary::text like v_jlike;
  get diagnostics v_workflows = row_count;
  update outbox set params = replace(params::text, v_json, v_rep)::jsonb, result = replace(result::text, v_json, v_rep)::jsonb
   where params::text like v_jlike or result::text like v_jlike;
  get diagnostics v_outbox = row_count;
  update security_events set attributes = replace(attributes::text, v_json, v_rep)::jsonb where attributes::text like v_jlike;
  get diagnostics v_events = row_count;
  return jsonb_build_object('incidents', v_incidents, 'alerts', v_alerts, 'timeline', v_timeline, 'workflows', v_workflows,
                            'effects', v_outbox, 'security_events', v_events);
end;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208092000'::text); $$;
