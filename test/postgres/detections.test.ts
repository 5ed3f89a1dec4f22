// Detection rules on PostgreSQL: the counting cases on a real server; two replicas taking one
// attack's events at once fire exactly once; a replica killed -9 in the middle of an attack, and a
// new one taking the rest, still fire exactly once and declare one incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIncidents } from '../../src/store/incidents.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';
import { detectionCases, failures } from '../support/store/detection-cases.js';
import { startFirebreakProcess, writeConfig } from '../support/firebreak-process.js';
import { startTestServer } from '../support/webhooks.js';

const TOKEN = 'security-events-token-0123456789';
const YAML = `
detections:
  - name: failed-login-burst
    match: { type: auth.login_failed }
    key: ip
    window: 5m
    threshold: 10
    declare: { severity: sev2, service: auth }
`;

let db: TestPostgres;
beforeAll(async () => {
  db = await openTestPostgres();
});
afterAll(() => db?.close());

const send = (url: string, events: unknown[]) =>
  fetch(`${url}/webhooks/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
const asWire = (e: ReturnType<typeof failures>[number]) => ({ id: e.id, type: e.type, time: e.occurredAt, attributes: e.attributes });
/** The alerts this IP's firings raised, with the incident each landed in (alerts of one service correlate into its open incident). */
const raised = async (ip: string) => db.query<{ incident_id: string | null }>(`select incident_id from alerts where source = 'security' and key like $1`, [`detection:failed-login-burst:${ip}:%`]);
const firings = async (ip: string) => (await db.query<{ n: number }>(`select count(*)::int as n from detection_firings where key = $1`, [ip]))[0]!.n;

async function until(probe: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('detection counting in the store (PostgreSQL)', () => detectionCases(() => db));

describe('replicas', () => {
  it('two replicas taking one attack event by event, at once, fire once and declare one incident', async () => {
    const replicas = [await startTestServer(YAML, { DATABASE_URL: db.url, SECURITY_EVENTS_TOKEN: TOKEN }), await startTestServer(YAML, { DATABASE_URL: db.url, SECURITY_EVENTS_TOKEN: TOKEN })];
    try {
      const attack = failures('198.51.100.20', 20, 0, 1_000).map(asWire);
      const answers = await Promise.all(attack.map((e, i) => send(replicas[i % 2]!.url, [e])));
      expect(answers.map((a) => a.status)).toEqual(attack.map(() => 202));
      expect(await firings('198.51.100.20')).toBe(1);
      await until(async () => (await db.query(`select 1 from detection_firings where key = '198.51.100.20' and status = 'delivered'`)).length === 1);
      const alerts = await raised('198.51.100.20');
      expect(alerts).toHaveLength(1);
      expect((await listIncidents(db)).map((i) => i.id)).toContain(alerts[0]!.incident_id);
    } finally {
      for (const r of replicas) await r.stop();
    }
  });

  it('kill -9 in the middle of an attack: the next replica counts on and fires once', async () => {
    const env = { DATABASE_URL: db.url, SECURITY_EVENTS_TOKEN: TOKEN, FIREBREAK_CONFIG: writeConfig(YAML) };
    const attack = failures('198.51.100.21', 10, 0, 1_000).map(asWire);
    const first = await startFirebreakProcess(env);
    for (const e of attack.slice(0, 6)) expect((await send(first.url, [e])).status).toBe(202);
    first.process.kill('SIGKILL');
    await first.exited;
    const second = await startFirebreakProcess(env);
    try {
      // The sender retries what it had not heard back about, and goes on.
      for (const e of attack.slice(5)) expect((await send(second.url, [e])).status).toBe(202);
      expect(await firings('198.51.100.21')).toBe(1);
      await until(async () => (await raised('198.51.100.21')).length > 0);
      const alerts = await raised('198.51.100.21');
      expect(alerts).toHaveLength(1);
      expect((await listIncidents(db)).map((i) => i.id)).toContain(alerts[0]!.incident_id);
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }
  });

  it('a firing stored but not delivered (killed between) is delivered once by the next sweep, however many replicas sweep', async () => {
    // Stored as fb_security_ingest leaves it, with no server running to deliver it.
    const attack = failures('198.51.100.22', 10, 0, 1_000);
    const { send: sendRows } = await import('../support/store/detection-cases.js');
    expect((await sendRows(db, attack)).firings).toHaveLength(1);
    const replicas = await Promise.all([0, 1].map(() => startTestServer(YAML, { DATABASE_URL: db.url, SECURITY_EVENTS_TOKEN: TOKEN })));
    try {
      await until(async () => (await db.query(`select 1 from detection_firings where key = '198.51.100.22' and status = 'delivered'`)).length === 1);
      await new Promise((r) => setTimeout(r, 500));
      const alerts = await raised('198.51.100.22');
      expect(alerts).toHaveLength(1);
      expect((await listIncidents(db)).map((i) => i.id)).toContain(alerts[0]!.incident_id);
    } finally {
      for (const r of replicas) await r.stop();
    }
  });
});
