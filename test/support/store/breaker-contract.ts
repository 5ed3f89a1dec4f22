// Test support: the store contract of vendor outages — breakers, parked effects, time-bounded
// retries, superseded effects — run on every SQL transport (PGlite and PostgreSQL).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  breakerFailed, claimProbe, closeBreaker, failEffectWithin, isSuperseded, listBreakers, parkEffect,
} from '../../../src/store/breakers.js';
import { claimEffects, listEffects, type ClaimedEffect } from '../../../src/store/outbox.js';
import type { SqlTransport } from '../../../src/store/transport.js';

const id = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export function describeBreakerContract(name: string, open: () => Promise<SqlTransport>): void {
  describe(`vendor outage store contract: ${name}`, () => {
    let t: SqlTransport;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => {
      await t?.close();
    });

    /** A workflow with `types.length` effects sharing one ordering key; returns the workflow id. */
    async function queue(types: string[], orderingKey: string | null = null): Promise<string> {
      const wf = id('wf');
      const r = await t.rpc<{ ok: boolean }>('fb_workflow_commit', {
        p_id: wf, p_kind: 'test', p_machine_version: 1, p_expected_version: 0, p_snapshot: {}, p_status: 'active',
        p_effects: types.map((type, n) => ({ type, params: { n }, idempotency_key: `${wf}:${n}`, ordering_key: orderingKey, max_attempts: 2 })),
      });
      expect(r.ok).toBe(true);
      return wf;
    }
    const claimOf = async (owner: string, wf: string): Promise<ClaimedEffect[]> =>
      (await claimEffects(t, owner, 1000, 600_000)).filter((c) => c.workflow_id === wf);
    const breaker = async (vendor: string) => (await listBreakers(t)).find((b) => b.vendor === vendor);

    it('opens a breaker after the threshold of consecutive failures, once', async () => {
      const vendor = id('v');
      expect(await breakerFailed(t, vendor, 'HTTP 503', 3)).toMatchObject({ state: 'closed', opened: false });
      expect(await breakerFailed(t, vendor, 'HTTP 503', 3)).toMatchObject({ state: 'closed', opened: false });
      expect(await breakerFailed(t, vendor, 'HTTP 503', 3)).toMatchObject({ state: 'open', opened: true });
      expect(await breakerFailed(t, vendor, 'HTTP 503', 3)).toMatchObject({ state: 'open', opened: false });
      expect(await breaker(vendor)).toMatchObject({ state: 'open', last_error: 'HTTP 503' });
    });

    it('parks a claimed effect unspent while its vendor is down; one replica wins each probe; closing resumes in order and queues one recap', async () => {
      const vendor = id('v');
      for (let i = 0; i < 2; i++) await breakerFailed(t, vendor, 'refused', 2);
      const wf = await queue(['test.a', 'test.b']);
      const claimed = await claimOf('r1', wf);
      expect(claimed).toHaveLength(2);
      for (const c of claimed) expect(await parkEffect(t, Number(c.id), 'r1', vendor, 'down')).toEqual({ ok: true, parked: true });
      expect(await claimOf('r1', wf)).toEqual([]);
      expect((await listEffects(t, wf)).map((r) => [r.status, r.attempts])).toEqual([['pending', 0], ['pending', 0]]);
      expect(await breaker(vendor)).toMatchObject({ state: 'open', waiting: 2 });

      expect([await claimProbe(t, vendor, 60_000), await claimProbe(t, vendor, 60_000)]).toEqual([true, false]);

      const closed = await closeBreaker(t, vendor, 2, 'test.recap');
      expect(closed).toMatchObject({ closed: true, resumed: 2 });
      expect(await closeBreaker(t, vendor, 2, 'test.recap')).toEqual({ closed: false });
      const [gap] = await t.query<{ ms: string; first_due: boolean }>(
        `select (extract(epoch from max(next_attempt_at) - min(next_attempt_at)) * 1000)::int as ms, min(next_attempt_at) <= now() as first_due
           from outbox where workflow_id = $1`, [wf]);
      // Two a second: the first is due at once, the second half a second later.
      expect(gap).toEqual({ ms: 500, first_due: true });
      expect(await breaker(vendor)).toMatchObject({ state: 'closed', waiting: 0 });
      const recaps = await t.query<{ params: { vendor: string } }>(`select params from outbox where workflow_id = $1`, [`vendor:${vendor}`]);
      expect(recaps).toHaveLength(1);
      expect(recaps[0]!.params.vendor).toBe(vendor);
    });

    it('does not park an effect once the breaker has closed: it is retried a second later instead', async () => {
      const vendor = id('v');
      await breakerFailed(t, vendor, 'refused', 1);
      await closeBreaker(t, vendor, 10, null);
      const wf = await queue(['test.a']);
      const [c] = await claimOf('r1', wf);
      expect(await parkEffect(t, Number(c!.id), 'r1', vendor, 'down')).toEqual({ ok: true, parked: false });
      const [row] = await t.query<{ wait: number; parked_on: string | null; attempts: number }>(
        `select (extract(epoch from next_attempt_at - now()) * 1000)::int as wait, parked_on, attempts from outbox where workflow_id = $1`, [wf]);
      expect(row!.parked_on).toBeNull();
      expect(Number(row!.attempts)).toBe(0);
      expect(Number(row!.wait)).toBeGreaterThan(500);
      expect(Number(row!.wait)).toBeLessThanOrEqual(1000);
    });

    it('retries a failed effect within its time budget and gives up after it, on the timeline', async () => {
      const wf = await queue(['test.a', 'test.b']);
      const [a, b] = await claimOf('r1', wf);
      // max_attempts is 2, but time decides: a 1 ms retry inside an hour's budget is a retry.
      expect(await failEffectWithin(t, Number(a!.id), 'r1', 'HTTP 503', 1, false, 3_600_000)).toEqual({ ok: true, dead: false });
      await new Promise((r) => setTimeout(r, 20));
      const [again] = await claimOf('r1', wf);
      expect(again!.attempt).toBe(2);
      expect(await failEffectWithin(t, Number(again!.id), 'r1', 'HTTP 503', 1, false, 3_600_000)).toEqual({ ok: true, dead: false });
      // A retry past the budget is dead; a give-up (null retry) is dead at once.
      await new Promise((r) => setTimeout(r, 20));
      const [third] = await claimOf('r1', wf);
      expect(third!.attempt).toBe(3);
      expect(await failEffectWithin(t, Number(third!.id), 'r1', 'HTTP 503', 60_000, false, 1_000)).toEqual({ ok: true, dead: true });
      expect(await failEffectWithin(t, Number(b!.id), 'r1', 'HTTP 400', null, false, 3_600_000)).toEqual({ ok: true, dead: true });
      const dead = await t.query<{ message: string }>(`select message from timeline where workflow_id = $1 and kind = 'effect.dead' order by id`, [wf]);
      expect(dead.map((d) => d.message)).toEqual([
        expect.stringMatching(/^test\.a gave up after .* of retries \(3 attempt\(s\)\): HTTP 503$/),
        'test.b gave up after 1 attempt(s): HTTP 400',
      ]);
    });

    it('says an effect is superseded while a later one of its type and ordering key is pending', async () => {
      const key = id('slack');
      const wf = await queue(['test.edit', 'test.other', 'test.edit'], key);
      const rows = await listEffects(t, wf);
      expect(await isSuperseded(t, Number(rows[0]!.id), 'test.edit', key)).toBe(true);
      expect(await isSuperseded(t, Number(rows[2]!.id), 'test.edit', key)).toBe(false);
      expect(await isSuperseded(t, Number(rows[1]!.id), 'test.other', key)).toBe(false);
    });
  });
}
