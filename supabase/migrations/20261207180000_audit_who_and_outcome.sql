-- Audit: who (actor, the Slack workspace, the surface they used), what (action, subject, params) and
-- how it ended (outcome) for every state change a person causes, every refusal and every
-- execution. Columns added, never changed or removed: the log stays append-only.

alter table audit_log add column if not exists team text;
alter table audit_log add column if not exists via text;
alter table audit_log add column if not exists outcome text;
create index if not exists audit_log_subject on audit_log (subject, id);
create index if not exists audit_log_at on audit_log (at, id);

-- One audit entry: {actor, team, via, action, subject, params, outcome}. Returns its id and time.
create or replace function fb_audit_record(p_entry jsonb)
returns jsonb
language sql
security definer
set search_path = public, pg_temp
as $$
  insert into audit_log (actor, team, via, action, subject, data, outcome)
  values (p_entry ->> 'actor', p_entry ->> 'team', p_entry ->> 'via', p_entry ->> 'action', p_entry ->> 'subject',
          p_entry -> 'params', p_entry ->> 'outcome')
  returning jsonb_build_object('id', id, 'at', at);
$$;

-- Entries after `p_after_id` in order (all subjects, or one), `p_limit` at a time: for listing
-- an incident's record and for `firebreak audit export`.
create or replace function fb_audit_page(p_after_id bigint default 0, p_limit integer default 1000, p_subject text default null)
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
           where id > p_after_id and (p_subject is null or subject = p_subject)
           order by id limit greatest(1, least(p_limit, 10000))) a;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261207180000'::text); $$;
