// Test: a restart takes over what its dead incarnation on the same host had leased at once, instead
// of waiting for the lease to run out (a minute during which the incident's next page would wait).
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadOwnerReaper, isDeadIncarnation, ownerName, parseOwner } from '../../../src/workflows/dead-owners.js';
import { silentLogger } from '../../../src/observability/observer.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { openTestEmbedded } from '../../support/store/embedded.js';

const me = { host: 'web-1', pid: 1, token: 'abc123' };
const alive = (pids: number[]) => (pid: number) => pids.includes(pid);

describe('isDeadIncarnation', () => {
  it('is dead: same host, a process that is gone; or our own pid under another token (a container restarted as pid 1)', () => {
    expect(isDeadIncarnation('web-1:4242:ffee01', me, alive([]))).toBe(true);
    expect(isDeadIncarnation('web-1:1:ffee01', me, alive([1]))).toBe(true);
  });

  it('is not: ourselves, a live process on this host, another host, or a name that is not host:pid:token', () => {
    expect(isDeadIncarnation(ownerName(me), me, alive([1]))).toBe(false);
    expect(isDeadIncarnation('web-1:4242:ffee01', me, alive([4242]))).toBe(false);
    expect(isDeadIncarnation('web-2:4242:ffee01', me, alive([]))).toBe(false);
    expect(isDeadIncarnation('drill', me, alive([]))).toBe(false);
  });

  it('reads host names with colons (IPv6 literals)', () => {
    expect(parseOwner('fe80::1:77:0a0b0c')).toEqual({ host: 'fe80::1', pid: 77, token: '0a0b0c' });
  });
});

describe('DeadOwnerReaper', () => {
  let store: SqlTransport;
  afterEach(() => store?.close());

  it("ends the dead incarnation's leases on timers and running effects, and leaves a live owner's alone", async () => {
    store = await openTestEmbedded();
    const host = hostname();
    const dead = `${host}:999999:dead01`;
    // A live process on this host that is not us (our parent: the test runner).
    const live = `${host}:${process.ppid}:live01`;
    await store.exec(`insert into workflows (id, kind, machine_version, version, snapshot, status) values ('wf_1', 'test', 1, 1, '{}', 'active')`);
    await store.exec(`insert into timers (workflow_id, timer_key, generation, event, due_at, lease_owner, lease_until)
                      values ('wf_1', 't1', 1, '{"type":"x"}', now(), '${dead}', now() + interval '1 minute')`);
    await store.exec(`insert into outbox (workflow_id, effect_type, params, idempotency_key, status, lease_owner, lease_until, attempts, max_attempts)
                      values ('wf_1', 'x', '{}', 'k1', 'running', '${dead}', now() + interval '1 minute', 1, 8),
                             ('wf_1', 'x', '{}', 'k2', 'running', '${live}', now() + interval '1 minute', 1, 8)`);
    const reaper = new DeadOwnerReaper({ store, me: { host, pid: process.pid, token: 'self01' }, log: silentLogger, alive: (pid) => pid === process.pid || pid === process.ppid });
    reaper.start();
    try {
      await expect.poll(async () => (await store.query<{ n: number }>(`select count(*)::int as n from outbox where lease_until > now()`))[0]!.n).toBe(1);
      const [timer] = await store.query<{ expired: boolean }>(`select lease_until <= now() as expired from timers`);
      expect(timer!.expired).toBe(true);
      const [kept] = await store.query<{ lease_owner: string }>(`select lease_owner from outbox where lease_until > now()`);
      expect(kept!.lease_owner).toBe(live);
    } finally {
      reaper.stop();
    }
  });
});
