// Test support: the retention job on every transport that runs plain SQL (PGlite, PostgreSQL).
import { expect, it } from 'vitest';
import type { RetentionConfig } from '../../../src/config/governance-schema.js';
import { purgeExpired, runRetentionIfDue } from '../../../src/security/retention.js';
import type { SqlTransport } from '../../../src/store/transport.js';

const DAY = 86_400_000;
const POLICY: RetentionConfig = { rawPayloadsMs: 30 * DAY, incidentsMs: 1095 * DAY, securityEventsMs: 1095 * DAY, auditMs: 2555 * DAY, runEveryMs: 3_600_000 };
const ago = (days: number) => `now() - interval '${days} days'`;

async function seed(db: SqlTransport, tag: string): Promise<void> {
  for (const [name, days, status] of [['old', 1200, 'done'], ['young', 100, 'done'], ['open', 1200, 'active']] as const) {
    const id = `wf-${tag}-${name}`;
    await db.exec(`insert into workflows (id, kind, machine_version, version, status, snapshot, updated_at) values ('${id}', 'incident', 1, 1, '${status}', '{}', ${ago(days)})`);
    await db.exec(`insert into incidents (id, title, severity, correlation_key, declared_by) values ('${id}', '${id}', 'sev2', 'k-${id}', 'test')`);
    await db.exec(`insert into timeline (workflow_id, kind, message, at) values ('${id}', 'note', 'x', ${ago(days)})`);
    await db.exec(`insert into alerts (source, key, incident_id, status, severity, title, raw, last_seen) values ('generic', 'a-${id}', '${id}', 'resolved', 'sev2', 't', '{"payload": 1}', ${ago(days)})`);
  }
  await db.exec(`insert into alerts (source, key, status, severity, title, raw, last_seen) values ('generic', 'raw-${tag}-old', 'firing', 'sev2', 't', '{"p":1}', ${ago(40)}), ('generic', 'raw-${tag}-new', 'firing', 'sev2', 't', '{"p":1}', ${ago(5)})`);
  await db.exec(`insert into security_events (source, event_key, type, occurred_at) values ('events', 'e-${tag}-old', 't', ${ago(1100)}), ('events', 'e-${tag}-new', 't', ${ago(1000)})`);
  await db.exec(`insert into audit_log (actor, action, subject, at) values ('u', 'a', '${tag}-old', ${ago(2600)}), ('u', 'a', '${tag}-six-years', ${ago(2190)}), ('u', 'a', '${tag}-new', ${ago(1)})`);
}

const count = async (db: SqlTransport, sql: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${sql}`))[0]!.n;

export function retentionCases(db: () => SqlTransport): void {
  it('removes what is past retention and keeps younger rows and audit records within seven years', async () => {
    await seed(db(), 'r1');
    const purged = await purgeExpired(db(), POLICY);
    expect(purged).toMatchObject({ workflows: 1, security_events: 1, audit: 1 });
    expect(await count(db(), `workflows where id like 'wf-r1-%'`)).toBe(2);
    expect(await count(db(), `incidents where id = 'wf-r1-old'`)).toBe(0);
    expect(await count(db(), `timeline where workflow_id = 'wf-r1-old'`)).toBe(0);
    expect(await count(db(), `alerts where key = 'a-wf-r1-old'`)).toBe(0);
    expect(await count(db(), `alerts where key in ('a-wf-r1-young', 'a-wf-r1-open')`)).toBe(2);
    // Raw payloads older than 30 days are emptied, the alert stays.
    expect((await db().query<{ key: string; raw: unknown }>(`select key, raw from alerts where key like 'raw-r1-%' order by key`))).toEqual([
      { key: 'raw-r1-new', raw: { p: 1 } }, { key: 'raw-r1-old', raw: null },
    ]);
    expect(await count(db(), `security_events where event_key like 'e-r1-%'`)).toBe(1);
    expect((await db().query<{ subject: string }>(`select subject from audit_log where subject like 'r1-%' order by subject`)).map((r) => r.subject)).toEqual(['r1-new', 'r1-six-years']);
  });

  it('the audit log stays append-only outside the job, even for old rows and with the job\'s setting forged for young ones', async () => {
    await db().exec(`insert into audit_log (actor, action, subject, at) values ('u', 'a', 'r2-old', ${ago(3000)}), ('u', 'a', 'r2-new', ${ago(10)})`);
    await expect(db().exec(`delete from audit_log where subject = 'r2-old'`)).rejects.toThrow(/append-only/);
    await expect(db().exec(`begin; select set_config('firebreak.audit_purge_before', (now())::text, true); delete from audit_log where subject = 'r2-new'; commit;`)).rejects.toThrow(/append-only/);
    await db().exec('rollback').catch(() => undefined);
    await expect(db().exec(`update audit_log set actor = 'x' where subject = 'r2-old'`)).rejects.toThrow(/append-only/);
    expect(await count(db(), `audit_log where subject like 'r2-%'`)).toBe(2);
  });

  it('runs once per period across callers, and says what it did in the audit log', async () => {
    await db().exec(`delete from retention_runs`);
    const [a, b] = await Promise.all([runRetentionIfDue(db(), POLICY), runRetentionIfDue(db(), POLICY)]);
    expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    expect(await runRetentionIfDue(db(), POLICY)).toBeNull();
    expect(await count(db(), `retention_runs where finished_at is not null`)).toBe(1);
  });
}
