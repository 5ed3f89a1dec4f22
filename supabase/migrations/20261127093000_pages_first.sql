-- Store: pages before everything else. During an alert storm the outbox fills with channel
-- creations, summary edits and announcements; a page (page.targets) claimed in plain id order waited
-- behind all of them, so a level could reach a human seconds late. The claim now takes pages first.
-- Order within an ordering key is untouched: an effect still waits for the earlier ones with its key.
alter table outbox add column if not exists priority smallint
  generated always as (case when effect_type like 'page.%' then 0 else 1 end) stored;

create index if not exists outbox_unfinished_by_priority on outbox (priority, id) where status in ('pending', 'running');
drop index if exists outbox_unfinished;

-- fb_outbox_claim takes pages first (order by priority, id): see 20261127094500_outbox_progress.sql,
-- which defines the claim as it stands now.

create or replace function fb_schema_version() returns jsonb
language sql immutable as $$ select to_jsonb('20261127093000'::text); $$;
