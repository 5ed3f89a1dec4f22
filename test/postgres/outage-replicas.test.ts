// Vendor outages on PostgreSQL (must-show): two `firebreak start` replicas share one database through
// a Slack outage. The breaker is one row both read, the parked effects are rows either may resume, and
// the probe that closes it runs on one of them: after recovery each incident ends exactly as with one
// server — one channel, one pinned summary, due pages once, one recap, nothing dead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/escalation-fixtures.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startFirebreakProcess, stopFirebreakProcess, writeConfig, type FirebreakProcess } from '../support/firebreak-process.js';
import {
  awaitDrained, awaitParked, declareThree, expectRecovered, gauge, OUTAGE_YAML, outageEnv, prepareFake, viaPagerDuty,
} from '../support/outage-scenario.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

let db: TestPostgres;
let slack: FakeSlack;
let replicas: FirebreakProcess[] = [];

beforeAll(async () => {
  [db, slack] = await Promise.all([openTestPostgres(), startFakeSlack()]);
  prepareFake(slack);
  await slack.down('refused');
  const env = { ...outageEnv(slack), DATABASE_URL: db.url, FIREBREAK_CONFIG: writeConfig(OUTAGE_YAML) };
  replicas = await Promise.all([1, 2].map(() => startFirebreakProcess(env)));
});
afterAll(async () => {
  await Promise.all(replicas.map(stopFirebreakProcess));
  await slack?.close();
  await db?.close();
});

describe('two replicas on one PostgreSQL through a Slack outage', () => {
  it('share the breaker and the waiting work, and deliver everything once after recovery', async () => {
    const ids = await declareThree(replicas);
    // Both replicas see the one breaker (whichever opened it).
    for (const r of replicas) await awaitParked(r);
    await new Promise((r) => setTimeout(r, 2_500));
    await viaPagerDuty(replicas[0]!, ids[1]!, 'acknowledged');
    await viaPagerDuty(replicas[1]!, ids[2]!, 'resolved');
    const [breaker] = await db.query<{ state: string; waiting: number }>(`select state, (select count(*) from outbox where parked_on = 'slack')::int as waiting from vendor_breakers where vendor = 'slack'`);
    expect(breaker).toMatchObject({ state: 'open' });
    expect(Number(breaker!.waiting)).toBeGreaterThan(0);

    await slack.up();
    await awaitDrained(slack, ids, async () => Number((await db.query<{ n: number }>(`select count(*)::int as n from outbox where status in ('pending', 'running')`))[0]!.n));
    for (const r of replicas) await waitUntil('each replica sees the breaker closed', async () => (await gauge(r, 'firebreak_vendor_breaker_open{vendor="slack"}')) === 0, 10_000);
    // One recap for both replicas among the rest: whichever probe closed the breaker queued it once.
    await expectRecovered(slack, db, ids);
  }, 180_000);
});
