// Test support: a store holding a year of incidents, written straight into the tables in a few set
// statements (no workflow steps): 10,000 incidents by default — about 4% open, 1% private — each with
// an incident workflow whose snapshot is the size of a real one, an alert, and its timeline (declared, acknowledged, resolved unless open, eight notes).
// For the console bench and its query-plan checks; the rows read like those the engine writes.
import type { SqlTransport } from '../../../src/store/transport.js';

export async function fillConsoleHistory(store: SqlTransport, opts: { incidents?: number; services?: number } = {}): Promise<void> {
  const n = opts.incidents ?? 10_000;
  const services = opts.services ?? 40;
  // Opened one every ~52 minutes back from now: 10,000 span a year. Every 25th is still open.
  await store.exec(`
    insert into workflows (id, kind, machine_version, version, status, snapshot, summary, created_at, updated_at)
    select 'inc_hist_' || g, 'incident', 1, 9, case when g % 25 = 0 then 'active' else 'done' end,
           jsonb_build_object('status', 'active', 'value', jsonb_build_object('lifecycle', 'resolved'), 'historyValue', '{}'::jsonb, 'children', '{}'::jsonb,
             'context', jsonb_build_object(
               'id', 'inc_hist_' || g, 'title', 'Service svc-' || (g % ${services}) || ' error rate above 5% (' || g || ')',
               'severity', 'sev' || (1 + g % 4), 'service', 'svc-' || (g % ${services}), 'status', case when g % 25 = 0 then 'investigating' else 'closed' end,
               'declaredBy', 'alert:generic', 'declaredAt', now() - g * interval '52 minutes',
               'acknowledgedAt', now() - g * interval '52 minutes' + (60 + g % 600) * interval '1 second',
               'resolvedAt', case when g % 25 = 0 then null else now() - g * interval '52 minutes' + (600 + g % 3000) * interval '1 second' end,
               'chat', jsonb_build_object('channelPattern', 'inc-{number}-{slug}', 'privateChannel', g % 100 = 7, 'announceChannel', null, 'archiveAfterMs', null),
               'roles', jsonb_build_object('commander', 'U0' || (g % 97), 'scribe', null, 'comms', null), 'responders', '[]'::jsonb,
               'channel', jsonb_build_object('id', 'CHIST' || g, 'name', 'inc-' || g || '-svc-' || (g % ${services}) || '-error-rate'),
               'lastUpdate', jsonb_build_object('at', now() - g * interval '52 minutes', 'by', 'U0' || (g % 97), 'text', repeat(md5(g::text), 8)),
               'escalation', jsonb_build_object('policy', jsonb_build_object('name', 'default', 'repeat', 1, 'levels', jsonb_build_array(
                 jsonb_build_object('targets', jsonb_build_array('pagerduty:primary'), 'timeoutMs', 300000),
                 jsonb_build_object('targets', jsonb_build_array('pagerduty:secondary'), 'timeoutMs', 600000))), 'level', 0, 'round', 0),
               'reopens', 0, 'pageFailures', '[]'::jsonb, 'summaryTs', '1700000000.000100',
               'reminders', jsonb_build_object('snoozeMs', 3600000, 'statusUpdateMs', jsonb_build_object('sev1', 1800000, 'sev2', 3600000, 'sev3', null, 'sev4', null)),
               'notes', repeat(md5((g * 7)::text), 20))),
           jsonb_build_object('status', case when g % 25 = 0 then 'investigating' else 'closed' end, 'severity', 'sev' || (1 + g % 4),
             'title', 'Service svc-' || (g % ${services}) || ' error rate above 5% (' || g || ')', 'service', 'svc-' || (g % ${services}),
             'number', g, 'commander', 'U0' || (g % 97), 'channel', 'CHIST' || g),
           now() - g * interval '52 minutes', now() - g * interval '52 minutes'
      from generate_series(1, ${n}) g;
    insert into incidents (id, title, service, severity, policy, correlation_key, declared_by, opened_at, last_alert_at)
    select 'inc_hist_' || g, 'Service svc-' || (g % ${services}) || ' error rate above 5% (' || g || ')', 'svc-' || (g % ${services}),
           'sev' || (1 + g % 4), 'default', 'generic:svc-' || (g % ${services}), 'alert:generic',
           now() - g * interval '52 minutes', now() - g * interval '52 minutes'
      from generate_series(${n}, 1, -1) g;
    insert into alerts (source, key, incident_id, status, severity, title, service, first_seen, last_seen, started_at, resolved_at)
    select 'generic', 'hist-' || g, 'inc_hist_' || g, case when g % 25 = 0 then 'firing' else 'resolved' end, 'sev' || (1 + g % 4),
           'Error rate above 5%', 'svc-' || (g % ${services}), now() - g * interval '52 minutes', now() - g * interval '52 minutes',
           now() - g * interval '52 minutes' - (20 + g % 200) * interval '1 second',
           case when g % 25 = 0 then null else now() - g * interval '52 minutes' + interval '10 minutes' end
      from generate_series(1, ${n}) g;
    insert into timeline (workflow_id, at, kind, actor, message, data)
    select 'inc_hist_' || g, now() - g * interval '52 minutes' + s.after, s.kind, s.actor, s.kind, '{}'::jsonb
      from generate_series(1, ${n}) g,
           lateral (values ('incident.declared', 'alert:generic', interval '0'),
                           ('incident.acknowledged', 'U0' || (g % 97), (60 + g % 600) * interval '1 second'),
                           ('incident.resolved', 'U0' || (g % 97), (600 + g % 3000) * interval '1 second')) s(kind, actor, after)
     where s.kind <> 'incident.resolved' or g % 25 <> 0;
    insert into timeline (workflow_id, at, kind, actor, message, data)
    select 'inc_hist_' || g, now() - g * interval '52 minutes' + k * interval '1 minute', 'incident.note', 'U0' || (g % 97),
           'Note ' || k || ': ' || md5((g * k)::text), jsonb_build_object('text', md5((g * k)::text))
      from generate_series(1, ${n}) g, generate_series(1, 8) k;
  `);
}
