// PostgreSQL: approvals arriving on two replicas at once execute once. Two engines (own pools, own
// snapshot caches, own dispatchers) share one database; three approvers click every request on both
// replicas at the same moment, some twice. Each request runs its executor exactly once, and the
// hourly cap holds across both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackActor } from '../../src/domain/actor.js';
import { openPostgres, type PostgresTransport } from '../../src/store/transports/postgres.js';
import { auditPage } from '../../src/store/audit.js';
import type { ApprovalContext } from '../../src/workflows/approval/index.js';
import { catalogOf, createReplica, type Replica } from '../support/approvals-replica.js';
import { fakeExecutor } from '../support/fake-executor.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

const REQUESTS = 20;
let db: TestPostgres;
let second: PostgresTransport;

beforeAll(async () => {
  db = await openTestPostgres();
  second = openPostgres(db.url);
});
afterAll(async () => {
  await second?.close();
  await db?.close();
});

async function until<T>(what: string, check: () => Promise<T | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('approvals on two replicas', () => {
  it('clicks arriving on both replicas at once execute each request exactly once; the hourly cap holds across them', async () => {
    const executor = fakeExecutor();
    const executors = new Map([['fake', executor]]);
    // 2 of 3 approvers; at most REQUESTS - 5 executions per hour across both replicas.
    const catalog = catalogOf('fake', { approvalsRequired: 2, perHour: REQUESTS - 5 });
    const a: Replica = createReplica({ store: db, executors, catalog, owner: 'replica-a' });
    const b: Replica = createReplica({ store: second, executors, catalog, owner: 'replica-b' });
    a.engine.start();
    b.engine.start();
    try {
      const declared = await a.incidents.declare({ title: 'Login storm', severity: 'sev2', service: 'auth', commander: null, summary: null, declaredBy: slackActor('U0REQ', 'T1') });
      const incident = (await a.incidents.read(declared.id))!;
      const ids: string[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const r = await a.approvals.request({ incident, action: 'block_ip', params: { ip: `185.220.101.${i + 1}` }, reason: 'storm', actor: slackActor('U0REQ', 'T1') });
        expect(r.ok).toBe(true);
        if (r.ok) ids.push(r.request.id);
      }
      await Promise.all(ids.flatMap((id) => [
        a.approvals.approve({ id }, slackActor('U0ANNA', 'T1')),
        b.approvals.approve({ id }, slackActor('U0BEN', 'T1')),
        a.approvals.approve({ id }, slackActor('U0CAL', 'T1')),
        b.approvals.approve({ id }, slackActor('U0CAL', 'T1')),
        b.approvals.approve({ id }, slackActor('U0ANNA', 'T1')),
      ]));

      const phases = await until('every request to finish', async () => {
        const ps = await Promise.all(ids.map(async (id) => ((await a.engine.runner.read(id))!.context as ApprovalContext).phase));
        return ps.every((p) => p === 'succeeded' || p === 'failed') && ps;
      });
      const perRequest = new Map<string, number>();
      for (const call of executor.calls) perRequest.set(call.requestId, (perRequest.get(call.requestId) ?? 0) + 1);
      expect([...perRequest.values()].every((n) => n === 1)).toBe(true);
      // The cap: exactly perHour ran; the rest were refused just before execution, and said why.
      expect(executor.calls).toHaveLength(REQUESTS - 5);
      expect(phases.filter((p) => p === 'succeeded')).toHaveLength(REQUESTS - 5);
      const refused = await Promise.all(ids.map(async (id) => ((await a.engine.runner.read(id))!.context as ApprovalContext).refusal));
      expect(refused.filter((r) => r !== null)).toEqual(Array(5).fill('hourly cap reached: 15 block_ip per hour'));

      for (const id of ids) {
        const ctx = (await a.engine.runner.read(id))!.context as ApprovalContext;
        expect(ctx.approvals).toHaveLength(2);
        expect(new Set(ctx.approvals.map((x) => x.user)).size).toBe(2);
      }
      const audit = await auditPage(db, { limit: 10_000 });
      expect(audit.filter((x) => x.action === 'approval.execute' && x.outcome === 'executed')).toHaveLength(REQUESTS - 5);
      expect(audit.filter((x) => x.action === 'approval.approve' && x.outcome === 'ok').length).toBeGreaterThanOrEqual(2 * REQUESTS);
    } finally {
      await Promise.all([a.engine.stop(), b.engine.stop()]);
    }
  });
});
