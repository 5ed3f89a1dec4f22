-- Store: security events and detection rules (issue 13). Events arrive in batches (POST
-- /webhooks/events, a Supabase auth-log drain); the server matches each against the rules (pure,
-- src/domain/security-event.ts) and hands the hits here, where the counting happens: per rule and
-- key, over a sliding window of event time, under a per-key advisory lock so that replicas and
-- redeliveries count every event once and a crossing fires once. A firing is a row, picked up by
-- whichever replica delivers it to incidents (as an alert of the `security` source, named by the
-- firing's id, so a second delivery is a duplicate): a crash between the two loses nothing.

create table if not exists security_events (
  id          bigserial primary key,
  -- 'events' (our format) or 'supabase' (an auth-log drain).
  source      text not null,
  -- The sender's id for the event: a redelivery is recognised and counted once.
  event_key   text,
  type        text not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  attributes  jsonb not null default '{}'::jsonb
);
create unique index if not exists security_events_sender_key on security_events (source, event_key) where event_key is not null;
create index if not exists security_events_occurred on security_events (occurred_at);
create index if not exists security_events_received on security_events (received_at);
alter table security_events enable row level security;

-- One row per event a rule counts, under the rule's key (e.g. the IP).
create table if not exists detection_hits (
  rule        text not null,
  key         text not null,
  occurred_at timestamptz not null,
  event_id    bigint not null references security_events (id) on delete cascade,
  primary key (rule, key, event_id)
);
create index if not exists detection_hits_window on detection_hits (rule, key, occurred_at);
alter table detection_hits enable row level security;

-- Where each (rule, key) stands: the event time of its last crossing, and until when it is cooling down.
create table if not exists detection_state (
  rule           text not null,
  key            text not null,
  last_fired_at  timestamptz not null,
  cooldown_until timestamptz not null,
  firings        integer not null default 1,
  primary key (rule, key)
);
alter table detection_state enable row level security;

create table if not exists detection_firings (
  id           bigserial primary key,
  rule         text not null,
  key          text not null,
  -- Event time of the event that reached the threshold; wall-clock time of the firing.
  crossed_at   timestamptz not null,
  fired_at     timestamptz not null default now(),
  count        integer not null,
  first_seen   timestamptz not null,
  -- The counted events (at most 50 ids): the evidence.
  event_ids    bigint[] not null,
  status       text not null default 'pending' check (status in ('pending', 'delivered')),
  incident_id  text,
  delivered_at timestamptz
);
create index if not exists detection_firings_pending on detection_firings (id) where status = 'pending';
alter table detection_firings enable row level security;

-- Stores a batch and counts its hits. p_events: [{key, type, occurred_at, attributes, hits: [{rule, key}]}];
-- p_rules: [{name, window_ms, threshold, cooldown_ms}]. Event times later than now are taken as now.
-- Returns {stored, duplicates, firings: [{id, rule, key, count, crossed_at}]}.
create or replace function fb_security_ingest(p_source text, p_events jsonb, p_rules jsonb) returns jsonb
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  v_event jsonb;
  v_hit jsonb;
  v_id bigint;
  v_at timestamptz;
  v_rule jsonb;
  v_state detection_state%rowtype;
  v_count integer;
  v_first timestamptz;
  v_ids bigint[];
  v_firing bigint;
  v_stored integer := 0;
  v_dupes integer := 0;
  v_firings jsonb := '[]'::jsonb;
begin
  -- Oldest first, so a batch counts in event order whatever order it was sent in.
  for v_event in
    select e from jsonb_array_elements(p_events) e order by least((e->>'occurred_at')::timestamptz, now()), e->>'key'
  loop
    v_at := least((v_event->>'occurred_at')::timestamptz, now());
    insert into security_events (source, event_key, type, occurred_at, attributes)
    values (p_source, v_event->>'key', v_event->>'type', v_at, coalesce(v_event->'attributes', '{}'::jsonb))
    on conflict (source, event_key) where event_key is not null do nothing
    returning id into v_id;
    if v_id is null then
      v_dupes := v_dupes + 1;
      continue;
    end if;
    v_stored := v_stored + 1;

    for v_hit in select h from jsonb_array_elements(coalesce(v_event->'hits', '[]'::jsonb)) h loop
      select r into v_rule from jsonb_array_elements(p_rules) r where r->>'name' = v_hit->>'rule';
      if v_rule is null then
        continue;
      end if;
      -- One (rule, key) counts under one lock at a time, on every replica.
      perform pg_advisory_xact_lock(hashtext('fb:detect'), hashtext((v_hit->>'rule') || chr(31) || (v_hit->>'key')));
      insert into detection_hits (rule, key, occurred_at, event_id)
      values (v_hit->>'rule', v_hit->>'key', v_at, v_id) on conflict do nothing;

      select * into v_state from detection_state where rule = v_hit->>'rule' and key = v_hit->>'key';
      if found and v_at < v_state.cooldown_until then
        continue; -- cooling down: counted, never fires
      end if;
      -- The window ending at this event; after a firing, only what came after its crossing counts.
      select count(*), min(occurred_at), (array_agg(event_id order by occurred_at desc))[1:50]
        into v_count, v_first, v_ids
        from detection_hits
       where rule = v_hit->>'rule' and key = v_hit->>'key'
         and occurred_at > v_at - ((v_rule->>'window_ms')::bigint * interval '1 millisecond')
         and occurred_at <= v_at
         and (not found or occurred_at > v_state.last_fired_at);
      if v_count >= (v_rule->>'threshold')::integer then
        insert into detection_state (rule, key, last_fired_at, cooldown_until)
        values (v_hit->>'rule', v_hit->>'key', v_at, v_at + ((v_rule->>'cooldown_ms')::bigint * interval '1 millisecond'))
        on conflict (rule, key) do update
          set last_fired_at = excluded.last_fired_at, cooldown_until = excluded.cooldown_until,
              firings = detection_state.firings + 1;
        insert into detection_firings (rule, key, crossed_at, count, first_seen, event_ids)
        values (v_hit->>'rule', v_hit->>'key', v_at, v_count, v_first, v_ids)
        returning id into v_firing;
        v_firings := v_firings || jsonb_build_object('id', v_firing, 'rule', v_hit->>'rule', 'key', v_hit->>'key', 'count', v_count, 'crossed_at', v_at);
      end if;
    end loop;
  end loop;
  return jsonb_build_object('stored', v_stored, 'duplicates', v_dupes, 'firings', v_firings);
end;
$$;

-- Firings not yet delivered to incidents (oldest first), with the evidence: the counted events.
create or replace function fb_detection_pending(p_limit integer) returns jsonb
language sql stable
security definer
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(f order by (f->>'id')::bigint), '[]'::jsonb) from (
    select jsonb_build_object(
      'id', d.id, 'rule', d.rule, 'key', d.key, 'count', d.count, 'crossed_at', d.crossed_at,
      'first_seen', d.first_seen, 'fired_at', d.fired_at,
      'events', (select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'type', e.type, 'occurred_at', e.occurred_at, 'attributes', e.attributes) order by e.occurred_at), '[]'::jsonb)
                   from security_events e where e.id = any (d.event_ids))
    ) f
      from detection_firings d where d.status = 'pending' order by d.id limit p_limit
  ) pending;
$$;

create or replace function fb_detection_delivered(p_id bigint, p_incident_id text) returns void
language sql
security definer
set search_path = public, pg_temp
as $$
  update detection_firings set status = 'delivered', incident_id = p_incident_id, delivered_at = now()
   where id = p_id and status = 'pending';
$$;

create or replace function fb_schema_version() returns jsonb
language sql immutable
security definer
set search_path = public, pg_temp
as $$ select to_jsonb('20261208090000'::text); $$;
