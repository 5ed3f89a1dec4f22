// Test support: the store contract — one body of tests every transport must pass, through rpc().
//
//   describeTransportContract('embedded', () => openTestEmbedded());
//
// Tests share one store per describe: each uses its own workflow ids and starts by draining
// whatever runnable timers and effects an earlier test left, because claims are store-wide.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spendLimit } from '../../../src/store/access-limits.js';
import { auditPage, recordAudit } from '../../../src/store/audit.js';
import { StoreError, type SqlTransport, type Transport } from '../../../src/store/transport.js';

type Commit = { ok: true; version: number } | { ok: false; reason: string; version?: number };
interface Claimed { id: number; workflow_id: string; key: string; generation: number; event: unknown }
interface Effect { id: number; workflow_id: string; type: string; params: unknown; idempotency_key: string; attempt: number; ordering_key: string | null; progress: string[] }
interface OutboxRow { id: number; type: string; idempotency_key: string; status: string; attempts: number; last_error: string | null; result: unknown }
interface Entry { id: number; kind: string; message: string; actor: string | null; data: unknown }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const newId = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
const HOUR = 3_600_000;

export function describeTransportContract(
  name: string,
  open: () => Promise<Transport>,
  cleanup?: (t: Transport) => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    let t: Transport;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => {
      if (!t) return;
      if (cleanup) await cleanup(t);
      else await t.close();
    });
    beforeEach(() => drain(t));

    const commit = (args: Record<string, unknown>) => t.rpc<Commit>('fb_workflow_commit', args);
    const create = (id: string, extra: Record<string, unknown> = {}) =>
      commit({ p_id: id, p_kind: 'test', p_machine_version: 1, p_expected_version: 0, p_snapshot: { state: 'start' }, p_status: 'active', ...extra });
    const step = (id: string, expected: number, extra: Record<string, unknown> = {}) =>
      commit({ p_id: id, p_kind: 'test', p_machine_version: 1, p_expected_version: expected, p_snapshot: { state: `v${expected + 1}` }, p_status: 'active', ...extra });
    const load = (id: string) => t.rpc<{ version: number; status: string; snapshot: unknown } | null>('fb_workflow_load', { p_id: id });
    const claimTimers = async (owner: string, wf: string, leaseMs = 600_000) =>
      (await t.rpc<Claimed[]>('fb_timers_claim', { p_owner: owner, p_limit: 100, p_lease_ms: leaseMs })).filter((c) => c.workflow_id === wf);
    const claimEffects = (owner: string, leaseMs = 600_000, limit = 100) =>
      t.rpc<Effect[]>('fb_outbox_claim', { p_owner: owner, p_limit: limit, p_lease_ms: leaseMs });
    const outbox = (wf: string) => t.rpc<OutboxRow[]>('fb_outbox_list', { p_workflow_id: wf });
    const timeline = (wf: string) => t.rpc<Entry[]>('fb_timeline_list', { p_workflow_id: wf });
    const effect = (key: string, extra: Record<string, unknown> = {}) => ({ type: 'test.effect', params: { key }, idempotency_key: key, ...extra });

    describe('workflow commit', () => {
      it('creates a workflow at version 1 and loads its snapshot', async () => {
        const id = newId('wf');
        expect(await create(id, { p_snapshot: { state: 'triggered', n: 1 } })).toEqual({ ok: true, version: 1 });
        expect(await load(id)).toMatchObject({ id, kind: 'test', version: 1, status: 'active', snapshot: { state: 'triggered', n: 1 } });
        expect(await load(newId('missing'))).toBeNull();
      });

      it('refuses to create a workflow that exists, saying at which version', async () => {
        const id = newId('wf');
        await create(id);
        expect(await create(id)).toEqual({ ok: false, reason: 'exists', version: 1 });
      });

      it('commits on the expected version and rejects a step computed on an older one', async () => {
        const id = newId('wf');
        await create(id);
        expect(await step(id, 1)).toEqual({ ok: true, version: 2 });
        expect(await step(id, 1)).toEqual({ ok: false, reason: 'conflict' });
        expect(await load(id)).toMatchObject({ version: 2, snapshot: { state: 'v2' } });
      });

      it('rejects a step on a finished workflow as not-active', async () => {
        const id = newId('wf');
        await create(id);
        expect(await step(id, 1, { p_status: 'done' })).toEqual({ ok: true, version: 2 });
        expect(await step(id, 2)).toEqual({ ok: false, reason: 'not-active' });
      });

      it('parks a workflow as failed with the reason on its timeline', async () => {
        const id = newId('wf');
        await create(id);
        expect(await t.rpc('fb_workflow_fail', { p_id: id, p_reason: 'snapshot unreadable' })).toEqual({ ok: true });
        expect(await load(id)).toMatchObject({ status: 'failed', failure: 'snapshot unreadable' });
        expect((await timeline(id)).map((e) => e.kind)).toEqual(['workflow.failed']);
        expect(await t.rpc('fb_workflow_fail', { p_id: id, p_reason: 'again' })).toEqual({ ok: false });
      });
    });

    describe('timers', () => {
      it('re-arms a timer with the generation of the step that armed it', async () => {
        const id = newId('wf');
        await create(id, { p_timers: [{ key: 'ack', event: { type: 'first' }, delay_ms: HOUR }] });
        await step(id, 1, { p_timers: [{ key: 'ack', event: { type: 'second' }, delay_ms: 0 }] });
        const claimed = await claimTimers('a', id);
        expect(claimed).toEqual([expect.objectContaining({ key: 'ack', generation: 2, event: { type: 'second' } })]);
        await t.rpc('fb_timer_drop', { p_id: claimed[0]!.id, p_generation: 2 });
      });

      it('cancels a timer by key', async () => {
        const id = newId('wf');
        await create(id, { p_timers: [{ key: 'ack', event: { type: 'x' }, delay_ms: 0 }] });
        await step(id, 1, { p_cancel: ['ack'] });
        expect(await claimTimers('a', id)).toEqual([]);
      });

      it('does not claim a leased timer again until its lease expires', async () => {
        const id = newId('wf');
        await create(id, { p_timers: [{ key: 'ack', event: { type: 'x' }, delay_ms: 0 }] });
        expect(await claimTimers('a', id, 300)).toHaveLength(1);
        expect(await claimTimers('b', id, 300)).toEqual([]);
        await sleep(400);
        const again = await claimTimers('b', id, 60_000);
        expect(again).toEqual([expect.objectContaining({ key: 'ack', generation: 1 })]);
        expect(await t.rpc('fb_timer_drop', { p_id: again[0]!.id, p_generation: 1 })).toEqual({ dropped: 1 });
      });

      it('delivers a claimed timer once: the step that consumes it deletes it', async () => {
        const id = newId('wf');
        await create(id, { p_timers: [{ key: 'ack', event: { type: 'x' }, delay_ms: 0 }] });
        const [timer] = await claimTimers('a', id);
        expect(await step(id, 1, { p_consumed_timer: { key: 'ack', generation: timer!.generation } })).toEqual({ ok: true, version: 2 });
        await sleep(5);
        expect(await claimTimers('b', id, 1)).toEqual([]);
      });

      it('rejects a stale timer (re-armed since it was claimed) and writes nothing', async () => {
        const id = newId('wf');
        await create(id, { p_timers: [{ key: 'ack', event: { type: 'x' }, delay_ms: 0 }] });
        const [stale] = await claimTimers('a', id);
        await step(id, 1, { p_timers: [{ key: 'ack', event: { type: 'x' }, delay_ms: HOUR }] });
        const before = { wf: await load(id), outbox: await outbox(id), timeline: await timeline(id) };

        const result = await step(id, 2, {
          p_consumed_timer: { key: 'ack', generation: stale!.generation },
          p_effects: [effect(newId('fx'))],
          p_timeline: [{ kind: 'timer.fired', message: 'ack' }],
          p_timers: [{ key: 'other', event: { type: 'y' }, delay_ms: 0 }],
        });

        expect(result).toEqual({ ok: false, reason: 'stale-timer' });
        expect({ wf: await load(id), outbox: await outbox(id), timeline: await timeline(id) }).toEqual(before);
        expect(await claimTimers('b', id)).toEqual([]);
      });

      it('deletes every timer of a workflow that finishes', async () => {
        const id = newId('wf');
        await create(id, { p_timers: [{ key: 'a', event: {}, delay_ms: 0 }, { key: 'b', event: {}, delay_ms: 0 }] });
        await step(id, 1, { p_status: 'done' });
        expect(await claimTimers('a', id)).toEqual([]);
      });
    });

    describe('outbox', () => {
      it('claims effects in commit order, counting the attempt', async () => {
        const id = newId('wf');
        const keys = [newId('c'), newId('a'), newId('b')];
        await create(id, { p_effects: keys.map((k) => effect(k)) });
        const claimed = await claimEffects('a');
        expect(claimed.map((e) => (e.params as { key: string }).key)).toEqual(keys);
        expect(claimed.every((e) => e.attempt === 1 && e.workflow_id === id)).toBe(true);
        for (const e of claimed) expect(await t.rpc('fb_outbox_complete', { p_id: e.id, p_owner: 'a' })).toEqual({ ok: true });
      });

      it('keeps an idempotency key to one effect', async () => {
        const id = newId('wf');
        const key = newId('once');
        await create(id, { p_effects: [effect(key)] });
        await step(id, 1, { p_effects: [effect(key)] });
        expect(await outbox(id)).toHaveLength(1);
      });

      it('holds an effect until the one before it with the same ordering key is done', async () => {
        const id = newId('wf');
        const order = newId('chan');
        await create(id, { p_effects: [effect('first-' + id, { ordering_key: order }), effect('second-' + id, { ordering_key: order }), effect('free-' + id)] });
        const first = await claimEffects('a');
        expect(first.map((e) => e.idempotency_key)).toEqual(['first-' + id, 'free-' + id]);
        expect(await claimEffects('b')).toEqual([]);
        await t.rpc('fb_outbox_complete', { p_id: first[0]!.id, p_owner: 'a' });
        expect((await claimEffects('b')).map((e) => e.idempotency_key)).toEqual(['second-' + id]);
      });

      it('completes several effects in one call, only those whose lease the caller holds, and releases their successors', async () => {
        const id = newId('wf');
        const order = newId('chan');
        await create(id, { p_effects: [effect('one-' + id, { ordering_key: order }), effect('two-' + id, { ordering_key: order }), effect('free-' + id)] });
        const mine = await claimEffects('a');
        expect(mine.map((e) => e.idempotency_key)).toEqual(['one-' + id, 'free-' + id]);
        const done = await t.rpc<Array<number | string>>('fb_outbox_complete_many', {
          p_owner: 'a',
          p_done: [{ id: mine[0]!.id, result: { channel: 'C1' } }, { id: mine[1]!.id, result: null }, { id: 987654321, result: null }],
        });
        expect(done.map(Number)).toEqual([Number(mine[0]!.id), Number(mine[1]!.id)].sort((x, y) => x - y));
        const rows = await outbox(id);
        expect(rows.find((r) => r.idempotency_key === 'one-' + id)).toMatchObject({ status: 'done', result: { channel: 'C1' } });
        expect(rows.find((r) => r.idempotency_key === 'free-' + id)).toMatchObject({ status: 'done', result: null });
        const [second] = await claimEffects('b');
        expect(second?.idempotency_key).toBe('two-' + id);
        // Not the lease holder: nothing is completed.
        expect(await t.rpc('fb_outbox_complete_many', { p_owner: 'a', p_done: [{ id: second!.id, result: null }] })).toEqual([]);
        expect((await outbox(id)).find((r) => r.idempotency_key === 'two-' + id)?.status).toBe('running');
      });

      it('claims pages before other effects, without jumping ahead of their own ordering key', async () => {
        const chatty = newId('wf');
        const paged = newId('wf');
        const order = newId('inc');
        await create(chatty, { p_effects: [effect('refresh-' + chatty), effect('announce-' + chatty)] });
        await create(paged, {
          p_effects: [
            effect('channel-' + paged, { ordering_key: order }),
            effect('page-held-' + paged, { type: 'page.targets', ordering_key: order }),
            effect('page-' + paged, { type: 'page.targets' }),
          ],
        });
        const first = await claimEffects('a', 600_000, 2);
        expect(first.map((e) => e.idempotency_key)).toEqual(['page-' + paged, 'refresh-' + chatty]);
        const rest = await claimEffects('a');
        // The held page waits for its channel (same ordering key) even though pages go first.
        expect(rest.map((e) => e.idempotency_key)).toEqual(['announce-' + chatty, 'channel-' + paged]);
        for (const e of [...first, ...rest]) await t.rpc('fb_outbox_complete', { p_id: e.id, p_owner: 'a' });
        expect((await claimEffects('a')).map((e) => e.idempotency_key)).toEqual(['page-held-' + paged]);
      });

      it('keeps an effect\'s recorded progress for the next attempt, from the lease holder only', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect('parts-' + id)] });
        const [e] = await claimEffects('a', 300);
        expect(e!.progress).toEqual([]);
        await t.rpc('fb_outbox_progress', { p_id: e!.id, p_owner: 'a', p_part: 'pagerduty' });
        await t.rpc('fb_outbox_progress', { p_id: e!.id, p_owner: 'a', p_part: 'pagerduty' });
        await t.rpc('fb_outbox_progress', { p_id: e!.id, p_owner: 'someone-else', p_part: 'slack' });
        await new Promise((r) => setTimeout(r, 350));
        const [again] = await claimEffects('b');
        expect(again).toMatchObject({ id: e!.id, attempt: 2, progress: ['pagerduty'] });
        await t.rpc('fb_outbox_complete', { p_id: again!.id, p_owner: 'b' });
      });

      it('lets the successor run once its predecessor is dead', async () => {
        const id = newId('wf');
        const order = newId('chan');
        await create(id, { p_effects: [effect('first-' + id, { ordering_key: order }), effect('second-' + id, { ordering_key: order })] });
        const [first] = await claimEffects('a');
        await t.rpc('fb_outbox_fail', { p_id: first!.id, p_owner: 'a', p_error: 'gone', p_retry_ms: null });
        expect((await claimEffects('a')).map((e) => e.idempotency_key)).toEqual(['second-' + id]);
      });

      it('retries a failed attempt, then completes it with its result and attempts counted', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect(newId('fx'), { max_attempts: 5 })] });
        for (const attempt of [1, 2]) {
          const [e] = await claimEffects('a');
          expect(e?.attempt).toBe(attempt);
          expect(await t.rpc('fb_outbox_fail', { p_id: e!.id, p_owner: 'a', p_error: `boom ${attempt}`, p_retry_ms: 0 })).toEqual({ ok: true, dead: false });
        }
        const [last] = await claimEffects('a');
        expect(last?.attempt).toBe(3);
        expect(await t.rpc('fb_outbox_complete', { p_id: last!.id, p_owner: 'a', p_result: { channel: 'C1' } })).toEqual({ ok: true });
        expect(await outbox(id)).toEqual([expect.objectContaining({ status: 'done', attempts: 3, last_error: null, result: { channel: 'C1' } })]);
      });

      it('waits out the retry delay before claiming again', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect(newId('fx'))] });
        const [e] = await claimEffects('a');
        await t.rpc('fb_outbox_fail', { p_id: e!.id, p_owner: 'a', p_error: 'later', p_retry_ms: 300 });
        expect(await claimEffects('a')).toEqual([]);
        await sleep(400);
        expect(await claimEffects('a')).toEqual([expect.objectContaining({ id: e!.id, attempt: 2 })]);
      });

      it('marks an effect dead when told not to retry, and says so on the timeline', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect(newId('fx'), { type: 'slack.postMessage' })] });
        const [e] = await claimEffects('a');
        expect(await t.rpc('fb_outbox_fail', { p_id: e!.id, p_owner: 'a', p_error: 'channel_not_found', p_retry_ms: null })).toEqual({ ok: true, dead: true });
        expect(await outbox(id)).toEqual([expect.objectContaining({ status: 'dead', attempts: 1, last_error: 'channel_not_found' })]);
        const [entry] = await timeline(id);
        expect(entry).toMatchObject({ kind: 'effect.dead', data: { effect_id: e!.id, type: 'slack.postMessage', attempts: 1 } });
        expect(entry!.message).toContain('channel_not_found');
      });

      it('marks an effect dead once its attempts are used up, even with a retry asked for', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect(newId('fx'), { max_attempts: 1 })] });
        const [e] = await claimEffects('a');
        expect(await t.rpc('fb_outbox_fail', { p_id: e!.id, p_owner: 'a', p_error: 'x', p_retry_ms: 0 })).toEqual({ ok: true, dead: true });
      });

      it('reclaims an effect whose lease expired; the old holder can no longer finish it', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect(newId('fx'))] });
        expect(await claimEffects('a', 300)).toHaveLength(1);
        expect(await claimEffects('b')).toEqual([]);
        await sleep(400);
        const [again] = await claimEffects('b');
        expect(again).toMatchObject({ workflow_id: id, attempt: 2 });
        expect(await t.rpc('fb_outbox_complete', { p_id: again!.id, p_owner: 'a' })).toEqual({ ok: false });
        expect(await t.rpc('fb_outbox_complete', { p_id: again!.id, p_owner: 'b' })).toEqual({ ok: true });
      });

      it('releases an owner\'s effects without counting the attempt', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect(newId('fx'))] });
        const owner = newId('owner');
        await claimEffects(owner);
        expect(await t.rpc('fb_outbox_release', { p_owner: owner })).toEqual({ released: 1 });
        expect(await claimEffects('b')).toEqual([expect.objectContaining({ workflow_id: id, attempt: 1 })]);
      });

      it('keeps a scalar JSON result as the value it was', async () => {
        const id = newId('wf');
        await create(id, { p_effects: [effect(newId('fx')), effect(newId('fx')), effect(newId('fx'))] });
        const results = ['a "string" result', 42, [1, 'two']];
        const claimed = await claimEffects('a');
        for (const [i, e] of claimed.entries()) await t.rpc('fb_outbox_complete', { p_id: e.id, p_owner: 'a', p_result: results[i] });
        expect((await outbox(id)).map((r) => r.result)).toEqual(results);
      });
    });

    describe('timeline and audit', () => {
      it('lists a workflow\'s timeline in the order it was written', async () => {
        const id = newId('wf');
        await create(id, { p_timeline: ['a', 'b', 'c'].map((kind) => ({ kind, actor: 'U1', message: kind, data: { kind } })) });
        await t.rpc('fb_timeline_append', { p_workflow_id: id, p_kind: 'd', p_actor: null, p_message: 'd' });
        const entries = await timeline(id);
        expect(entries.map((e) => e.kind)).toEqual(['a', 'b', 'c', 'd']);
        expect(entries[0]).toMatchObject({ actor: 'U1', data: { kind: 'a' } });
        const after = await t.rpc<Entry[]>('fb_timeline_list', { p_workflow_id: id, p_after_id: entries[1]!.id });
        expect(after.map((e) => e.kind)).toEqual(['c', 'd']);
      });

      it('appends to the audit log and lists it by subject', async () => {
        const subject = newId('incident');
        const first = await t.rpc<{ id: number; at: string }>('fb_audit_append', { p_actor: 'U1', p_action: 'approve', p_subject: subject, p_data: { ok: true } });
        await t.rpc('fb_audit_append', { p_actor: 'U2', p_action: 'remediate', p_subject: subject });
        expect(first.id).toBeGreaterThan(0);
        const list = await t.rpc<{ actor: string; action: string; data: unknown }[]>('fb_audit_list', { p_subject: subject });
        expect(list.map((e) => [e.actor, e.action])).toEqual([['U1', 'approve'], ['U2', 'remediate']]);
        expect(list[0]!.data).toEqual({ ok: true });
      });

      it('records who, from which workspace and surface, what, to what and how it ended; pages by id', async () => {
        const subject = newId('incident');
        const actor = { id: 'U0ANN', team: 'T0ACME', via: 'slack' as const };
        const first = await recordAudit(t, { actor, action: 'incident.resolve', subject, params: { summary: 'rolled back' }, outcome: 'ok' });
        await recordAudit(t, { actor: { id: 'U0GUEST', team: 'T0ACME', via: 'slack' }, action: 'incident.resolve', subject, outcome: 'refused:guest' });
        const page = await auditPage(t, { subject });
        expect(page).toEqual([
          { id: first.id, at: expect.any(String), actor: 'U0ANN', team: 'T0ACME', via: 'slack', action: 'incident.resolve', subject, params: { summary: 'rolled back' }, outcome: 'ok' },
          expect.objectContaining({ actor: 'U0GUEST', params: null, outcome: 'refused:guest' }),
        ]);
        expect(await auditPage(t, { subject, afterId: first.id })).toEqual([page[1]]);
      });

      it('rejects UPDATE, DELETE and TRUNCATE on the audit log', async (ctx) => {
        if (!isSql(t)) return ctx.skip();
        await t.rpc('fb_audit_append', { p_actor: 'U1', p_action: 'keep' });
        for (const sql of ['update audit_log set actor = $$x$$', 'delete from audit_log', 'truncate audit_log']) {
          await expect(t.exec(sql)).rejects.toMatchObject({ kind: 'rejected', message: expect.stringContaining('append-only') });
        }
        const [row] = await t.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'keep'`);
        expect(row!.n).toBeGreaterThan(0);
      });
    });

    describe('per-user limits (access)', () => {
      it('counts uses of a key up to the limit in the window, then refuses with the time left and counts no more', async () => {
        const key = `page:${newId('U')}`;
        expect(await spendLimit(t, key, HOUR, 2)).toEqual({ ok: true, count: 1 });
        expect(await spendLimit(t, key, HOUR, 2)).toEqual({ ok: true, count: 2 });
        const over = await spendLimit(t, key, HOUR, 2);
        expect(over).toMatchObject({ ok: false, count: 2 });
        expect(!over.ok && over.retryAfterMs).toBeGreaterThan(0);
        expect(!over.ok && over.retryAfterMs).toBeLessThanOrEqual(HOUR);
        // Another person's key is counted apart.
        expect(await spendLimit(t, `page:${newId('U')}`, HOUR, 2)).toEqual({ ok: true, count: 1 });
      });

      it('starts a new window once the old one has passed', async () => {
        const key = `declare:${newId('U')}`;
        // Spend until refused (a window may turn between two calls), then wait out the window.
        let over = await spendLimit(t, key, 1_000, 1);
        for (let i = 0; over.ok && i < 3; i++) over = await spendLimit(t, key, 1_000, 1);
        expect(over.ok).toBe(false);
        await new Promise((r) => setTimeout(r, (over.ok ? 0 : over.retryAfterMs) + 20));
        expect(await spendLimit(t, key, 1_000, 1)).toMatchObject({ ok: true, count: 1 });
      });
    });

    describe('schema and values', () => {
      it('keeps row-level security on for every table', async (ctx) => {
        if (!isSql(t)) return ctx.skip();
        const tables = await t.query<{ relname: string; relrowsecurity: boolean }>(
          `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname`,
        );
        expect(tables.map((r) => r.relname)).toEqual(expect.arrayContaining(['audit_log', 'firebreak_migrations', 'outbox', 'timeline', 'timers', 'workflows']));
        expect(tables.filter((r) => !r.relrowsecurity)).toEqual([]);
      });

      it('round-trips unicode and large JSON unchanged', async () => {
        const id = newId('wf');
        const text = 'Ünïcödé 🔥🧯 中文 עברית \'quotes\' "double" back\\slash\nnew line\ttab $1 $$ --';
        const snapshot = { text, nested: { list: Array.from({ length: 2000 }, (_, i) => ({ i, text })) }, big: 'x'.repeat(1_000_000) };
        await create(id, { p_snapshot: snapshot, p_timeline: [{ kind: 'note', message: text, data: { text } }], p_effects: [effect(newId('fx'), { params: { text } })] });
        expect((await load(id))?.snapshot).toEqual(snapshot);
        expect((await timeline(id))[0]).toMatchObject({ message: text, data: { text } });
        expect((await outbox(id))[0]).toMatchObject({ params: { text } });
      });

      it('reports a missing function as rejected', async () => {
        await expect(t.rpc('fb_no_such_function', { p_x: 1 })).rejects.toMatchObject({ kind: 'rejected' });
        await expect(t.rpc('fb_no_such_function', { p_x: 1 })).rejects.toBeInstanceOf(StoreError);
      });

      it('refuses function and argument names that are not plain identifiers', async () => {
        await expect(t.rpc('fb_engine_stats(); drop table workflows; --')).rejects.toMatchObject({ kind: 'rejected' });
        await expect(t.rpc('fb_workflow_load', { 'p_id => null); --': 'x' })).rejects.toMatchObject({ kind: 'rejected' });
        expect(await t.rpc('fb_engine_stats')).toEqual(expect.objectContaining({ workflows_active: expect.any(Number) }));
      });

      it('returns SQL null as null', async () => {
        expect(await t.rpc('fb_workflow_load', { p_id: newId('none') })).toBeNull();
      });
    });
  });
}

function isSql(t: Transport): t is SqlTransport {
  return typeof (t as Partial<SqlTransport>).exec === 'function';
}

/** Finishes every runnable effect and drops every due timer an earlier test left behind. */
async function drain(t: Transport): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const effects = await t.rpc<Effect[]>('fb_outbox_claim', { p_owner: 'drain', p_limit: 1000, p_lease_ms: 60_000 });
    for (const e of effects) await t.rpc('fb_outbox_complete', { p_id: e.id, p_owner: 'drain' });
    const timers = await t.rpc<Claimed[]>('fb_timers_claim', { p_owner: 'drain', p_limit: 1000, p_lease_ms: 60_000 });
    for (const c of timers) await t.rpc('fb_timer_drop', { p_id: c.id, p_generation: c.generation });
    if (effects.length === 0 && timers.length === 0) return;
  }
}
