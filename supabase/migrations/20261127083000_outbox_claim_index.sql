-- Store: the outbox claim walks only unfinished effects. fb_outbox_claim picks effects in id order;
-- with no index on unfinished ids that was a walk of outbox_pkey from the first row ever written,
-- past every done effect, so each claim grew with the outbox's whole history (35,000 done rows:
-- 15 ms a claim instead of 0.1 ms) and a busy dispatcher, claiming as slots free up, fell minutes
-- behind — escalation pages included. This partial index holds only pending and running rows.
create index if not exists outbox_unfinished on outbox (id) where status in ('pending', 'running');

create or replace function fb_schema_version() returns jsonb
language sql immutable as $$ select to_jsonb('20261127083000'::text); $$;
