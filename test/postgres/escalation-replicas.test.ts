// Escalation must-show: three `firebreak start` replicas share one PostgreSQL database, one fake
// Slack and one fake PagerDuty. 300 incidents, declared through webhooks spread over the replicas,
// escalate through three levels nobody acknowledges; counted at the fakes, every level of every
// incident is paged exactly once — one mention in the incident's channel, one PagerDuty trigger
// under the incident's dedup_key — however the replicas split the timers and effects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertBody, channelMentions, fakeVendorsEnv, triggersByIncidentAndLevel, waitUntil,
} from '../support/escalation-fixtures.js';
import { startFakePagerDuty, type FakePagerDuty } from '../support/fake-pagerduty.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startFirebreakProcess, stopFirebreakProcess, writeConfig, type FirebreakProcess } from '../support/firebreak-process.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';
import { deliver } from '../support/webhooks.js';

const INCIDENTS = 300;
const LEVELS = [
  { user: 'U0LEVELONE', name: 'level 1' },
  { user: 'U0LEVELTWO', name: 'level 2' },
  { user: 'U0LEVELTHREE', name: 'level 3' },
];
const POLICY = `
routing:
  defaults: { declare: sev2, policy: tiers }
# 300 incidents from one source in a burst, on purpose: no storm cap.
sources: { max_declarations_per_minute: false }
escalation:
  policies:
    tiers:
      levels:
${LEVELS.map((l) => `        - { targets: [${l.user}, pagerduty], timeout: 1s }`).join('\n')}
`;

const METRICS_TOKEN = 'replica-scrape-token-0123';

let db: TestPostgres;
let slack: FakeSlack;
let pagerduty: FakePagerDuty;
let replicas: FirebreakProcess[] = [];

beforeAll(async () => {
  [db, slack, pagerduty] = await Promise.all([openTestPostgres(), startFakeSlack(), startFakePagerDuty()]);
  const env = { ...fakeVendorsEnv(slack, pagerduty), DATABASE_URL: db.url, FIREBREAK_CONFIG: writeConfig(POLICY), LOG_LEVEL: 'warn', METRICS_TOKEN };
  replicas = await Promise.all([1, 2, 3].map(() => startFirebreakProcess(env)));
});
afterAll(async () => {
  await Promise.all(replicas.map(stopFirebreakProcess));
  await Promise.all([slack?.close(), pagerduty?.close()]);
  await db?.close();
});

/** How many page.targets effects this replica ran to completion, from its /metrics. */
async function pagesRunBy(replica: FirebreakProcess): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith('firebreak_effects_total{') && l.includes('type="page.targets"') && l.includes('outcome="done"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('three replicas on one PostgreSQL', () => {
  it('page every level of 300 escalating incidents exactly once, on Slack and on PagerDuty', async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (next < INCIDENTS) {
          const i = next++;
          const res = await deliver(replicas[i % replicas.length]!.url, 'generic', alertBody(`down-${i}`, `svc-${i}`));
          expect(res.status).toBe(202);
        }
      }),
    );

    const exhausted = async () => {
      const [row] = await db.query<{ n: string }>(`select count(distinct workflow_id)::text as n from timeline where kind = 'escalation.exhausted'`);
      return Number(row!.n) === INCIDENTS;
    };
    await waitUntil(`all ${INCIDENTS} incidents to exhaust their policy`, exhausted, 90_000);
    const settled = async () => (await db.query(`select 1 from outbox where status in ('pending', 'running') limit 1`)).length === 0;
    await waitUntil('every effect to finish', settled, 30_000);
    await new Promise((r) => setTimeout(r, 1000)); // room for a duplicate page to show itself

    const incidents = await db.query<{ id: string; channel: string | null }>(`select id, external ->> 'slack' as channel from incidents`);
    expect(incidents).toHaveLength(INCIDENTS);
    const triggers = triggersByIncidentAndLevel(pagerduty);
    const onceEach = new Map(LEVELS.map((l) => [l.name, 1]));
    const wrongPd = incidents.filter((i) => JSON.stringify([...(triggers.get(i.id) ?? [])]) !== JSON.stringify([...onceEach]));
    expect(wrongPd.map((i) => [i.id, [...(triggers.get(i.id) ?? [])]])).toEqual([]);
    expect(triggers.size).toBe(INCIDENTS); // no trigger under any other dedup_key
    const wrongSlack = incidents.filter((i) => !i.channel || LEVELS.some((l) => channelMentions(slack, i.channel!, l.user).length !== 1));
    expect(wrongSlack.map((i) => [i.id, i.channel, LEVELS.map((l) => (i.channel ? channelMentions(slack, i.channel, l.user).length : 0))])).toEqual([]);
    expect(await db.query(`select id, effect_type, last_error from outbox where status = 'dead'`)).toEqual([]);

    // The replicas shared the paging: it was not one process doing everything while the others idled.
    const pagesPerReplica = await Promise.all(replicas.map(pagesRunBy));
    expect(pagesPerReplica.reduce((a, b) => a + b, 0)).toBe(INCIDENTS * LEVELS.length);
    expect(pagesPerReplica.filter((n) => n > 0).length).toBeGreaterThan(1);
  }, 180_000);
});
