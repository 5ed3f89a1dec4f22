-- Audit: entries in a time range, for `firebreak audit export --since … --until …`, paged by id so an
-- export of any size streams in bounded pieces. Reads only: the log stays append-only.

-- Entries with p_since <= at < p_until (either bound may be null) and id > p_after_id, oldest first,
-- at most p_limit (≤ 10,000).
create or replace function fb_audit_range(p_since timestamptz default null, p_until timestamptz default null, p_after_id bigint default 0, p_limit integer default 1000)
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', id, 'at', at, 'actor', actor, 'team', team, 'via', via, 'action', action,
           'subject', subject, 'params', data, 'outcome', outcome)
         order by id), '[]'::jsonb)
    from (select * from audit_log
           where id > p_after_id
             and (p_since is null or at >= p_since)
             and (p_until is null or at < p_until)
           order by id limit greatest(1, least(p_limit, 10000))) a;
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208010100'::text); $$;
