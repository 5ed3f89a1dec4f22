import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Firebreak } from '../../src/main.js';
import { listAlerts, listIncidents } from '../../src/store/incidents.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';
import { deliver, startTestServer } from '../support/webhooks.js';

let db: TestPostgres;
let app: Firebreak & { url: string };

beforeAll(async () => {
  db = await openTestPostgres();
  app = await startTestServer(undefined, { DATABASE_URL: db.url });
  expect(app.store.kind).toBe('postgres');
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

describe('ingest on the real PostgreSQL (a pool of connections, real row locks)', () => {
  it('makes one alert and one incident from 1,000 concurrent identical deliveries', async () => {
    const body = Buffer.from(JSON.stringify({ key: 'pg-storm', status: 'firing', title: 'Replica lag', severity: 'sev1', service: 'db' }));
    const results = await Promise.all(Array.from({ length: 1000 }, () => deliver(app.url, 'generic', body)));
    expect(results.every((r) => r.status === 202 || r.status === 503)).toBe(true);
    const accepted = results.filter((r) => r.status === 202).length;
    expect(accepted).toBeGreaterThan(0);
    const alerts = (await listAlerts(app.store)).filter((a) => a.key === 'pg-storm');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.count).toBe(accepted);
    expect((await listIncidents(app.store)).filter((i) => i.service === 'db')).toHaveLength(1);
  });

  it('correlates concurrent different alerts of one service into one incident', async () => {
    const bodies = Array.from({ length: 200 }, (_, i) =>
      Buffer.from(JSON.stringify({ key: `svc-alert-${i}`, status: 'firing', title: `Alert ${i}`, severity: 'sev2', service: 'payments' })),
    );
    const results = await Promise.all(bodies.map((b) => deliver(app.url, 'generic', b)));
    expect(results.every((r) => r.status === 202)).toBe(true);
    const incidents = (await listIncidents(app.store)).filter((i) => i.service === 'payments');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.alerts_total).toBe(200);
  });
});
