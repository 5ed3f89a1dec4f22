// Test support: one Firebreak replica for approvals in its own process (to SIGKILL): the engine with
// incident and approval workflows, chat in local mode, and one executor "http" that POSTs to
// EXEC_URL. Env: DATABASE_URL, OWNER, EXEC_URL, LEASE_MS, CATALOG (JSON ActionsConfig). Prints
// "ready" once its loops run; SIGTERM stops it cleanly.
import { Secret } from '../../src/config/secret.js';
import { openTransport } from '../../src/store/open.js';
import { createReplica } from './approvals-replica.js';
import { httpExecutor } from './fake-executor.js';

const store = await openTransport({ kind: 'postgres', url: new Secret(process.env.DATABASE_URL!) });
const replica = createReplica({
  store,
  executors: new Map([['http', httpExecutor(process.env.EXEC_URL!)]]),
  catalog: JSON.parse(process.env.CATALOG!),
  owner: process.env.OWNER ?? `approvals-child-${process.pid}`,
  leaseMs: Number(process.env.LEASE_MS ?? 60_000),
});
replica.engine.start();
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void replica.engine
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
