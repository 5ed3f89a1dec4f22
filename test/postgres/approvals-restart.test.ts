// PostgreSQL: approval requests outlive the process that held them. A replica in its own process is
// SIGKILLed (no shutdown, no lease handed back): a request awaiting approval is still approvable and
// still expires on time; an IP block still lifts itself when its TTL runs out; and a non-idempotent
// call cut off mid-flight ends "outcome unknown" for a person to settle — never a blind re-run.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionsConfig } from '../../src/config/actions-schema.js';
import { slackActor } from '../../src/domain/actor.js';
import { auditPage } from '../../src/store/audit.js';
import { listTimeline } from '../../src/store/workflows.js';
import type { ApprovalContext } from '../../src/workflows/approval/index.js';
import { catalogOf, createReplica, type Replica } from '../support/approvals-replica.js';
import { httpExecutor } from '../support/fake-executor.js';
import { spawnChild, type Child } from '../support/spawn-child.js';
import { openTestPostgres, type TestPostgres } from '../support/store/postgres.js';

const CHILD = fileURLToPath(new URL('../support/approvals-child.ts', import.meta.url));
const REQUESTER = slackActor('U0REQ', 'T1');
const ANNA = slackActor('U0ANNA', 'T1');

let db: TestPostgres;
let server: Server;
let execUrl: string;
/** Calls the executor made, and whether the fake answers them or holds them open forever. */
const calls: Array<{ requestId: string; kind: string; at: number }> = [];
let hang = false;
const held: ServerResponse[] = [];
const running: Child[] = [];
const replicas: Replica[] = [];

beforeAll(async () => {
  db = await openTestPostgres();
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { requestId: string; kind: string };
      calls.push({ requestId: parsed.requestId, kind: parsed.kind, at: Date.now() });
      if (hang) held.push(res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  execUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/execute`;
});
afterEach(async () => {
  for (const c of running.splice(0)) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
  await Promise.all(replicas.splice(0).map((r) => r.engine.stop()));
  for (const res of held.splice(0)) res.destroy();
  calls.length = 0;
  hang = false;
});
afterAll(async () => {
  server?.close();
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

const context = async (r: Replica, id: string) => (await r.engine.runner.read(id))!.context as ApprovalContext;

async function child(catalog: ActionsConfig, owner: string): Promise<Child> {
  const c = await spawnChild(CHILD, { DATABASE_URL: db.url, OWNER: owner, EXEC_URL: execUrl, LEASE_MS: '2000', CATALOG: JSON.stringify(catalog) });
  running.push(c);
  return c;
}

async function sigkill(c: Child): Promise<void> {
  c.process.kill('SIGKILL');
  expect(await c.exited).toBe('SIGKILL');
}

/** The API side (no loops of its own): declares an incident and makes requests. */
function front(catalog: ActionsConfig): Replica {
  return createReplica({ store: db, executors: new Map([['http', httpExecutor(execUrl)]]), catalog });
}

/** A replica started after the kill, in this process. */
function restarted(catalog: ActionsConfig): Replica {
  const r = createReplica({ store: db, executors: new Map([['http', httpExecutor(execUrl)]]), catalog, owner: `restarted-${replicas.length}`, leaseMs: 2000 });
  r.engine.start();
  replicas.push(r);
  return r;
}

async function declared(f: Replica) {
  const d = await f.incidents.declare({ title: 'Login storm', severity: 'sev2', service: 'auth', commander: null, summary: null, declaredBy: REQUESTER });
  return (await f.incidents.read(d.id))!;
}

describe('kill -9', () => {
  it('while awaiting approval: the request is still approvable afterwards, and another still expires on time', async () => {
    const catalog = catalogOf('http', { expiryMs: 8_000 });
    const f = front(catalog);
    const incident = await declared(f);
    const a = await f.approvals.request({ incident, action: 'block_ip', params: { ip: '185.220.101.1' }, reason: null, actor: REQUESTER });
    const b = await f.approvals.request({ incident, action: 'block_ip', params: { ip: '185.220.101.2' }, reason: null, actor: REQUESTER });
    if (!a.ok || !b.ok) throw new Error('requests refused');

    const first = await child(catalog, 'child-a');
    await new Promise((r) => setTimeout(r, 1000));
    await sigkill(first);

    const after = restarted(catalog);
    const approved = await after.approvals.approve({ number: a.request.number }, ANNA);
    expect(approved.ok).toBe(true);
    await until('request A executed', async () => (await context(after, a.request.id)).phase === 'succeeded');
    expect(calls.filter((c) => c.requestId === a.request.id)).toHaveLength(1);

    await until('request B expired', async () => (await context(after, b.request.id)).phase === 'expired', 30_000);
    const expiredAt = Date.parse(String((await listTimeline(db, b.request.id)).find((t) => t.kind === 'approval.expired')!.at));
    const due = Date.parse(b.request.expiresAt);
    expect(expiredAt).toBeGreaterThanOrEqual(due - 50);
    expect(expiredAt).toBeLessThan(due + 5_000);
    expect(calls.filter((c) => c.requestId === b.request.id)).toHaveLength(0);
  });

  it('after an IP block took effect: the block still lifts itself when its TTL runs out, executed and recorded', async () => {
    const catalog = catalogOf('http', { ttlMs: 6_000 });
    const f = front(catalog);
    const incident = await declared(f);
    const r = await f.approvals.request({ incident, action: 'block_ip', params: { ip: '185.220.101.3' }, reason: 'storm', actor: REQUESTER });
    if (!r.ok) throw new Error('request refused');
    await f.approvals.approve({ id: r.request.id }, ANNA);

    const first = await child(catalog, 'child-b');
    await until('the block executed', async () => (await context(f, r.request.id)).phase === 'succeeded');
    const liftAt = Date.parse((await context(f, r.request.id)).liftAt!);
    await sigkill(first);

    const after = restarted(catalog);
    await until('the block lifted', async () => (await context(after, r.request.id)).phase === 'lifted', 30_000);
    expect(calls.map((c) => c.kind)).toEqual(['block_ip', 'unblock_ip']);
    expect(calls[1]!.at).toBeGreaterThanOrEqual(liftAt - 50);
    const entries = (await listTimeline(db, incident.view.id)).map((t) => t.kind);
    expect(entries).toEqual(expect.arrayContaining(['approval.lift_scheduled', 'approval.succeeded']));
    expect((await auditPage(db, { subject: r.request.id })).map((x) => [x.action, x.outcome])).toEqual(expect.arrayContaining([['approval.lift', 'executed']]));
  });

  it('during a non-idempotent call: outcome unknown, never re-run; a person settles it', async () => {
    const catalog = catalogOf('http');
    const f = front(catalog);
    const incident = await declared(f);
    const r = await f.approvals.request({ incident, action: 'block_ip', params: { ip: '185.220.101.4' }, reason: null, actor: REQUESTER });
    if (!r.ok) throw new Error('request refused');
    await f.approvals.approve({ id: r.request.id }, ANNA);

    hang = true;
    const first = await child(catalog, 'child-c');
    await until('the executor called', async () => calls.length === 1);
    await sigkill(first);
    hang = false;

    const after = restarted(catalog);
    await until('outcome unknown', async () => (await context(after, r.request.id)).phase === 'unknown', 30_000);
    await new Promise((res) => setTimeout(res, 2500));
    expect(calls).toHaveLength(1);
    expect((await listTimeline(db, r.request.id)).map((t) => t.kind)).toContain('approval.unknown');
    expect((await auditPage(db, { subject: r.request.id })).map((x) => [x.action, x.outcome])).toEqual(expect.arrayContaining([['approval.execute', 'unknown']]));

    // Only a person decides: Mark failed ends it without another call.
    const settled = await after.approvals.settle({ id: r.request.id }, ANNA, 'failed');
    expect(settled.ok).toBe(true);
    expect((await context(after, r.request.id)).phase).toBe('failed');
    expect(calls).toHaveLength(1);
  });
});
