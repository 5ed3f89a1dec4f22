// PostgreSQL: the audit log is append-only against the role the server runs as (a member of
// firebreak_runtime) by privilege, not only by the triggers: it holds no UPDATE, DELETE or TRUNCATE
// on audit_log, cannot disable, drop or redefine what guards it, and still appends and reads the
// entries access refusals, commands and exports need through the store's functions.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRange, recordAudit } from '../../src/store/audit.js';
import type { SqlTransport } from '../../src/store/transport.js';
import { openPostgres } from '../../src/store/transports/postgres.js';
import { admin, openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

let db: TestPostgres;
let runtime: SqlTransport;
let role: string;

beforeAll(async () => {
  db = await openTestPostgres();
  role = `firebreak_audit_${randomBytes(5).toString('hex')}`;
  await admin(`create role ${role} login in role firebreak_runtime`);
  const url = new URL(db.url);
  url.username = role;
  url.password = '';
  runtime = openPostgres(url.toString(), { poolSize: 1 });
});

afterAll(async () => {
  await runtime?.close();
  await db?.close();
  if (role) await admin(`drop role if exists ${role}`);
});

describe('audit_log against the runtime role', () => {
  it('appends and reads through the functions, and can change nothing already written, by any route', async () => {
    const subject = `inc_${randomBytes(4).toString('hex')}`;
    const guest = { id: 'U0GUEST', team: 'T0ACME', via: 'slack' as const };
    await recordAudit(runtime, { actor: guest, action: 'incident.resolve', subject, params: { summary: 'x' }, outcome: 'refused:guest' });
    await recordAudit(runtime, { actor: guest, action: 'incident.page', subject, params: { targets: ['U0ADA'] }, outcome: 'refused:rate-limited' });

    // By privilege: the role holds none of the table rights that could rewrite or empty the log.
    const [rights] = await db.query<Record<string, boolean>>(
      `select has_table_privilege($1, 'audit_log', 'UPDATE') as update, has_table_privilege($1, 'audit_log', 'DELETE') as delete,
              has_table_privilege($1, 'audit_log', 'TRUNCATE') as truncate, has_table_privilege($1, 'audit_log', 'INSERT') as insert,
              pg_has_role($1, (select tableowner from pg_tables where tablename = 'audit_log'), 'MEMBER') as owner`,
      [role],
    );
    expect(rights).toEqual({ update: false, delete: false, truncate: false, insert: false, owner: false });

    const attempts = [
      `update audit_log set outcome = 'ok' where subject = '${subject}'`,
      `delete from audit_log where subject = '${subject}'`,
      'truncate audit_log',
      'alter table audit_log disable trigger audit_log_no_change',
      'alter table audit_log disable trigger user',
      'drop trigger audit_log_no_change on audit_log',
      `alter table audit_log owner to ${role}`,
      'alter table audit_log disable row level security',
      // Neutering the trigger's function instead of the trigger.
      'create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$ begin return new; end $$',
      // Replica mode would skip ordinary triggers: superusers only.
      'set session_replication_role = replica',
      // A function of our own, security definer, to borrow someone else's rights: cannot even be created.
      `create function fb_rewrite() returns void language sql security definer as $$ delete from audit_log $$`,
    ];
    for (const sql of attempts) {
      const err = await runtime.exec(sql).then(() => undefined, (e: unknown) => e);
      expect(err, sql).toMatchObject({ name: 'StoreError', kind: 'rejected', message: expect.stringContaining('42501') });
    }

    const rows = (await auditRange(runtime, { since: new Date(Date.now() - 60_000) })).filter((r) => r.subject === subject);
    expect(rows.map((r) => [r.actor, r.team, r.action, r.outcome])).toEqual([
      ['U0GUEST', 'T0ACME', 'incident.resolve', 'refused:guest'],
      ['U0GUEST', 'T0ACME', 'incident.page', 'refused:rate-limited'],
    ]);
  });

  it('holds against the owner too, by the triggers: UPDATE, DELETE and TRUNCATE are refused', async () => {
    for (const sql of ['update audit_log set outcome = $$ok$$', 'delete from audit_log', 'truncate audit_log']) {
      await expect(db.exec(sql)).rejects.toMatchObject({ message: expect.stringContaining('append-only') });
    }
  });
});
