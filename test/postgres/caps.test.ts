// Tests: the declaration cap holds across replicas — two servers with their own connection pools on
// one PostgreSQL, alerts arriving at both at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts, listIncidents } from '../../src/store/incidents.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';
import { deliver, startTestServer } from '../support/webhooks.js';

const YAML = 'routing:\n  defaults: { declare: sev2 }\nsources:\n  generic: { max_declarations_per_minute: 10 }\n';

let db: TestPostgres;
let replicas: Array<Awaited<ReturnType<typeof startTestServer>>> = [];

beforeAll(async () => {
  db = await openTestPostgres();
  replicas = [await startTestServer(YAML, { DATABASE_URL: db.url }), await startTestServer(YAML, { DATABASE_URL: db.url })];
});
afterAll(async () => {
  for (const app of replicas) await app.stop();
  await db?.close();
});

describe('declarations per minute on two replicas', () => {
  it('declares exactly the cap from 80 concurrent alerts of 80 services, stores the rest held, and notes one storm', async () => {
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => {
        const body = Buffer.from(JSON.stringify({ key: `cap-${i}`, status: 'firing', title: `Service ${i} is down`, severity: 'sev2', service: `cap-svc-${i}` }));
        return deliver(replicas[i % 2]!.url, 'generic', body);
      }),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 202)).toEqual([]);
    const declared = results.reduce((n, r) => n + (r.body.declared as number[]).length, 0);
    const held = results.reduce((n, r) => n + (r.body.held as number), 0);
    expect(declared).toBe(10);
    expect(held).toBe(70);
    expect(await listIncidents(db)).toHaveLength(10);
    expect((await listAlerts(db)).filter((a) => a.key.startsWith('cap-'))).toHaveLength(80);
    const storms = await db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'alerts.storm'`);
    expect(storms[0]?.n).toBe(1);
  });
});
