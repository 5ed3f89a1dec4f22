// Tests: the Supabase remediation executor against a loopback fake of the two Supabase services it
// uses — PostgREST (/rest/v1, the blocklist table) and Auth (/auth/v1/admin/users) — proving
// REMEDIATION_SUPABASE_URL is where supabase-js really goes, and that a hung server times out.
// No nock in this file: nock 15 cannot pass a fetch with a body through to a real server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { createSupabaseExecutor } from '../../../../src/integrations/supabase/executor.js';
import { startFakeVendor, type FakeVendor, type SeenRequest } from '../../../support/fake-vendor.js';

const KEY = 'loopback-service-role-key';
const USER = '6f1c2a7e-0d4b-4a55-9f0e-1b2c3d4e5f60';
const signal = new AbortController().signal;

/** An in-memory project: a blocklist table keyed by ip, and Auth users with banned_until. */
function project() {
  const rows = new Map<string, Record<string, unknown>>();
  const users = [
    { id: 'a0000000-0000-4000-8000-000000000001', email: 'alice@example.com', banned_until: null as string | null },
    { id: USER, email: 'mallory@example.com', banned_until: null as string | null },
  ];
  let hang = false;
  const route = (req: SeenRequest) => {
    if (hang) return 'hang' as const;
    if (req.headers.apikey !== KEY || req.headers.authorization !== `Bearer ${KEY}`) return { status: 401, body: { message: 'Invalid API key' } };
    if (req.path === '/rest/v1/blocked_ips') {
      if (req.method === 'POST' && req.query.get('on_conflict') === 'ip' && String(req.headers.prefer).includes('resolution=merge-duplicates')) {
        const row = req.body as Record<string, unknown>;
        rows.set(String(row.ip), row);
        return { status: 201 };
      }
      if (req.method === 'DELETE') {
        const ip = (req.query.get('ip') ?? '').replace(/^eq\./, '');
        const had = rows.delete(ip);
        return { status: 204, headers: { 'content-range': `*/${had ? 1 : 0}` } };
      }
    }
    if (req.path === '/auth/v1/admin/users' && req.method === 'GET') {
      const page = Number(req.query.get('page') ?? '1');
      const per = Number(req.query.get('per_page') ?? '50');
      return { status: 200, body: { users: users.slice((page - 1) * per, page * per), aud: 'authenticated' } };
    }
    const m = /^\/auth\/v1\/admin\/users\/([0-9a-f-]+)$/.exec(req.path);
    if (m && req.method === 'PUT') {
      const user = users.find((u) => u.id === m[1]);
      if (!user) return { status: 404, body: { code: 'user_not_found', msg: 'User not found' } };
      const ban = (req.body as { ban_duration: string }).ban_duration;
      user.banned_until = ban === 'none' ? null : '2126-11-13T21:00:00Z';
      return { status: 200, body: { ...user, aud: 'authenticated' } };
    }
    return { status: 404, body: { message: `no route ${req.method} ${req.path}` } };
  };
  return { rows, users, route, hangFromNowOn: () => (hang = true) };
}

let fake: FakeVendor;
let app: ReturnType<typeof project>;

beforeEach(async () => {
  app = project();
  fake = await startFakeVendor(app.route);
});
afterEach(() => fake.close());

const req = (kind: ExecutionRequest['kind'], params: Record<string, string>): ExecutionRequest => ({
  requestId: 'apr_loop',
  kind,
  action: kind,
  params,
  settings: { table: 'blocked_ips' },
  note: 'incident #42',
});

describe('supabase executor against a loopback PostgREST + Auth', () => {
  it('blocks (twice: one row), unblocks, bans by email and unbans by id', async () => {
    const ex = createSupabaseExecutor({ url: fake.base, serviceRoleKey: new Secret(KEY), now: () => Date.parse('2026-12-07T21:00:00Z') });
    expect(await ex.execute(req('block_ip', { ip: '45.33.32.156', for: '24h' }), signal)).toMatchObject({ ok: true });
    expect(await ex.execute(req('block_ip', { ip: '45.33.32.156', for: '24h' }), signal)).toMatchObject({ ok: true });
    expect([...app.rows.values()]).toEqual([{ ip: '45.33.32.156', reason: 'incident #42', request_id: 'apr_loop', expires_at: '2026-12-08T21:00:00.000Z' }]);

    expect(await ex.execute(req('unblock_ip', { ip: '45.33.32.156' }), signal)).toMatchObject({ ok: true, value: { detail: expect.stringContaining('removed') } });
    expect(app.rows.size).toBe(0);

    expect(await ex.execute(req('disable_account', { account: 'MALLORY@example.com' }), signal)).toMatchObject({ ok: true, value: { reference: USER } });
    expect(app.users[1]!.banned_until).toBe('2126-11-13T21:00:00Z');
    expect(await ex.execute(req('enable_account', { account: USER }), signal)).toMatchObject({ ok: true });
    expect(app.users[1]!.banned_until).toBeNull();

    expect(fake.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /rest/v1/blocked_ips',
      'POST /rest/v1/blocked_ips',
      'DELETE /rest/v1/blocked_ips',
      'GET /auth/v1/admin/users',
      `PUT /auth/v1/admin/users/${USER}`,
      `PUT /auth/v1/admin/users/${USER}`,
    ]);
  });

  it('a wrong key is refused by the project: give up', async () => {
    const ex = createSupabaseExecutor({ url: fake.base, serviceRoleKey: new Secret('not-the-key') });
    expect(await ex.execute(req('block_ip', { ip: '45.33.32.156' }), signal)).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining('HTTP 401') } });
  });

  it('a project that never answers → retry once the timeout passes (table and Auth alike)', async () => {
    app.hangFromNowOn();
    const ex = createSupabaseExecutor({ url: fake.base, serviceRoleKey: new Secret(KEY), timeoutMs: 150 });
    expect(await ex.execute(req('block_ip', { ip: '45.33.32.156' }), signal)).toEqual({ ok: false, error: { kind: 'retry', message: 'supabase upsert into public.blocked_ips: no answer within 150 ms' } });
    expect(await ex.execute(req('disable_account', { account: USER }), signal)).toEqual({ ok: false, error: { kind: 'retry', message: `supabase updating user ${USER}: no answer within 150 ms` } });
  });
});
