-- Store: follow-ups to reconcile with an outside tracker (GitHub issues) — the open ones not yet
-- tracked there (recent: a follow-up older than 30 days without an issue is left alone), and the open
-- ones tracked there, whose issue may have been closed.
create or replace function fb_followups_to_sync(p_system text, p_limit integer default 200)
returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(fb_followup_json(f) order by f.id), '[]'::jsonb)
    from (select * from followups f
           where f.state = 'open'
             and ((f.external is null and f.created_at > now() - interval '30 days')
                  or f.external ->> 'system' = p_system)
           order by f.id
           limit greatest(1, least(coalesce(p_limit, 200), 1000))) f;
$$;

create or replace function fb_schema_version() returns jsonb language sql immutable security definer set search_path = public, pg_temp as $$ select to_jsonb('20261208051000'::text); $$;
