-- Store: several effects recorded done in one call. The dispatcher sends the completions that arrive
-- while its previous call is still in the store together (group commit): under load one round
-- trip and one commit for many effects instead of one each (about seven effects per declared
-- incident); when idle, each is sent at once as before. The same rule as fb_outbox_complete: only
-- the lease holder's running effect is marked done. p_done: [{id, result}]. Answers the ids that were.
create function fb_outbox_complete_many(p_done jsonb, p_owner text) returns jsonb
language sql
security definer
set search_path = public, pg_temp
as $$
  with done as (
    update outbox o
       set status = 'done', result = r.result, finished_at = now(), lease_owner = null,
           lease_until = null, last_error = null
      from (select (d ->> 'id')::bigint as id, nullif(d -> 'result', 'null'::jsonb) as result
              from jsonb_array_elements(p_done) d) r
     where o.id = r.id and o.lease_owner = p_owner and o.status = 'running'
    returning o.id)
  select coalesce(jsonb_agg(id order by id), '[]'::jsonb) from done;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208121000'::text); $$;
