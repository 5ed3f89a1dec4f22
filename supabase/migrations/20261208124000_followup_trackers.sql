-- Store: a follow-up tracked in several outside trackers at once (GitHub issues and Jira issues, issue
-- 12): one link per tracker in followup_links, instead of the single followups.external it had. The
-- links already made move over; the follow-up's JSON keeps `external` (the first link made, as before)
-- and adds `externals` (every link, oldest first).

create table if not exists followup_links (
  followup_id bigint not null references followups (id) on delete cascade,
  -- The tracker: 'github', 'jira'.
  system      text not null check (length(system) between 1 and 50),
  -- Its issue: 'owner/repo#12', 'OPS-7'.
  key         text not null check (length(key) between 1 and 300),
  url         text not null,
  linked_at   timestamptz not null default now(),
  primary key (followup_id, system)
);
-- One issue is one follow-up's: a second link to the same issue is refused.
create unique index if not exists followup_links_issue on followup_links (system, key);
alter table followup_links enable row level security;

insert into followup_links (followup_id, system, key, url)
select id, external ->> 'system', external ->> 'key', coalesce(external ->> 'url', '')
  from followups
 where external is not null and external ->> 'system' is not null and external ->> 'key' is not null
on conflict do nothing;

drop index if exists followups_external;
alter table followups drop column if exists external;

create or replace function fb_followup_json(f followups) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  with links as (
    select jsonb_build_object('system', l.system, 'key', l.key, 'url', l.url) as link, row_number() over (order by l.linked_at, l.system) as n
      from followup_links l where l.followup_id = f.id
  )
  select jsonb_build_object(
    'id', f.id, 'incidentId', f.incident_id,
    'incidentNumber', (select number from incidents where id = f.incident_id),
    'text', f.text, 'owner', f.owner, 'due', to_char(f.due, 'YYYY-MM-DD'), 'state', f.state,
    'createdBy', f.created_by, 'createdAt', to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'doneBy', f.done_by, 'doneAt', to_char(f.done_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'external', (select link from links where n = 1),
    'externals', coalesce((select jsonb_agg(link order by n) from links), '[]'::jsonb));
$$;

-- Links a follow-up to its issue in tracker p_external.system ({system, key, url}); linking it again
-- in the same tracker replaces that link. Null when there is no such follow-up.
create or replace function fb_followup_set_external(p_id bigint, p_external jsonb) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  f followups;
begin
  select * into f from followups where id = p_id;
  if not found then
    return null;
  end if;
  insert into followup_links (followup_id, system, key, url)
  values (p_id, p_external ->> 'system', p_external ->> 'key', coalesce(p_external ->> 'url', ''))
  on conflict (followup_id, system) do update set key = excluded.key, url = excluded.url, linked_at = now();
  return fb_followup_json(f);
end;
$$;

create or replace function fb_followup_by_external(p_system text, p_key text) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select fb_followup_json(f) from followups f join followup_links l on l.followup_id = f.id
   where l.system = p_system and l.key = p_key;
$$;

-- The open follow-ups to reconcile with tracker p_system: those it tracks (whose issue may have been
-- closed), and the recent ones it does not track yet (one older than 30 days is left alone there) —
-- whether or not another tracker has them.
create or replace function fb_followups_to_sync(p_system text, p_limit integer default 200)
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(fb_followup_json(f) order by f.id), '[]'::jsonb)
    from (select * from followups f
           where f.state = 'open'
             and (f.created_at > now() - interval '30 days'
                  or exists (select 1 from followup_links l where l.followup_id = f.id and l.system = p_system))
           order by f.id
           limit greatest(1, least(coalesce(p_limit, 200), 1000))) f;
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208124000'::text); $$;
