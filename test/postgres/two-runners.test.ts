import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowRunner } from '../../src/workflows/runner.js';
import { testDefinitions } from '../support/machines.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';
import { spawnEngineChild, stopChild, type Child } from '../support/spawn-child.js';

const WORKFLOWS = 1000;
let db: TestPostgres;

beforeAll(async () => {
  db = await openTestPostgres();
  // Effect handlers in the children record every run here, so "exactly once" is counted, not assumed.
  await db.exec(`
    create table effect_runs (id bigint generated always as identity, key text not null, owner text not null, at timestamptz default now());
    create function test_record_effect_run(p_key text, p_owner text) returns jsonb language sql as
      $$ insert into effect_runs (key, owner) values (p_key, p_owner) returning jsonb_build_object('id', id) $$;`);
});
afterAll(async () => {
  await db?.close();
});

describe('two runner processes on one PostgreSQL', () => {
  it('deliver each of 1,000 timers exactly once and run each effect exactly once', async () => {
    const runner = new WorkflowRunner({ store: db, definitions: testDefinitions });
    for (let i = 0; i < WORKFLOWS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => runner.start('timer', `wf-${i + j}`, { delayMs: 500 + ((i + j) % 10) * 100 })),
      );
    }

    const children: Child[] = await Promise.all(
      ['replica-a', 'replica-b'].map((owner) => spawnEngineChild({ DATABASE_URL: db.url, OWNER: owner })),
    );
    try {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const [row] = await db.query<{ n: string }>(`select count(*)::text as n from workflows where status = 'done'`);
        if (Number(row!.n) === WORKFLOWS) break;
        if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${WORKFLOWS} workflows finished`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await Promise.all(children.map(stopChild));
    }

    const fired = await db.query<{ workflow_id: string; n: string }>(
      `select workflow_id, count(*)::text as n from timeline where kind = 'timer.fired' group by workflow_id`,
    );
    expect(fired).toHaveLength(WORKFLOWS);
    expect(fired.every((r) => r.n === '1')).toBe(true);

    const runs = await db.query<{ total: string; keys: string }>(`select count(*)::text as total, count(distinct key)::text as keys from effect_runs`);
    expect(runs[0]).toEqual({ total: String(WORKFLOWS), keys: String(WORKFLOWS) });

    const owners = await db.query<{ owner: string; n: string }>(`select owner, count(*)::text as n from effect_runs group by owner order by owner`);
    // Both replicas took part: the claims were shared, not serialized behind one process.
    expect(owners.map((o) => o.owner)).toEqual(['replica-a', 'replica-b']);

    const leftovers = await db.query(`select 1 from timers union all select 1 from outbox where status <> 'done'`);
    expect(leftovers).toHaveLength(0);
  }, 180_000);
});
