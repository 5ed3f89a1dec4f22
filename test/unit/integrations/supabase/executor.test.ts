// Tests: the Supabase remediation executor under nock — the exact PostgREST and Auth admin requests
// supabase-js sends (method, path, query, apikey/bearer headers, Prefer, body) and each answer →
// ok, retry, rate-limited or give-up.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { createSupabaseExecutor, supabaseSettingsSchema, type SupabaseExecutorOptions } from '../../../../src/integrations/supabase/executor.js';

const URL_ = 'https://protected-app.supabase.co';
const KEY = 'service-role-key-0123456789';
const USER = '6f1c2a7e-0d4b-4a55-9f0e-1b2c3d4e5f60';
const NOW = Date.parse('2026-12-07T21:00:00Z');
const signal = new AbortController().signal;

const executor = (over: Partial<SupabaseExecutorOptions> = {}) => createSupabaseExecutor({ url: URL_, serviceRoleKey: new Secret(KEY), now: () => NOW, ...over });

function request(over: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return { requestId: 'apr_9', kind: 'block_ip', action: 'block_ip', params: { ip: '45.33.32.156', for: '24h' }, settings: { table: 'blocked_ips' }, note: 'incident #42: credential stuffing', ...over };
}

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

function capture(list: Captured[], status: number, body?: unknown, headers: Record<string, string> = {}) {
  return async (req: Request) => {
    const text = await req.text();
    const url = new URL(req.url);
    list.push({ method: req.method, path: url.pathname + url.search, headers: Object.fromEntries(req.headers.entries()), body: text ? JSON.parse(text) : null });
    return [status, body === undefined ? '' : JSON.stringify(body), { 'content-type': 'application/json', ...headers }] as [number, string, Record<string, string>];
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('supabase executor: the blocklist table', () => {
  it('block_ip upserts one row keyed by ip (on_conflict=ip, merge-duplicates) with the reason, request id and expiry', async () => {
    const seen: Captured[] = [];
    const scope = nock(URL_).post('/rest/v1/blocked_ips').query({ on_conflict: 'ip' }).reply(capture(seen, 201));
    const result = await executor().execute(request({ params: { ip: '45.33.32.156', for: '24h', reason: 'ten failed logins' } }), signal);
    expect(result).toEqual({ ok: true, value: { detail: '45.33.32.156: on the blocklist public.blocked_ips until 2026-12-08T21:00:00.000Z', reference: '45.33.32.156' } });
    expect(scope.isDone()).toBe(true);
    expect(seen[0]!.headers).toMatchObject({ apikey: KEY, authorization: `Bearer ${KEY}`, prefer: 'resolution=merge-duplicates', 'content-profile': 'public', 'content-type': 'application/json' });
    expect(seen[0]!.body).toStrictEqual({ ip: '45.33.32.156', reason: 'ten failed logins', request_id: 'apr_9', expires_at: '2026-12-08T21:00:00.000Z' });
  });

  it('without a duration the row has no expiry and the note is the reason; an explicit expires_at wins; the schema is sent as Content-Profile', async () => {
    const seen: Captured[] = [];
    nock(URL_).post('/rest/v1/blocklist').query({ on_conflict: 'ip' }).times(2).reply(capture(seen, 201));
    await executor().execute(request({ params: { ip: '2a00:1450::1' }, settings: { table: 'blocklist', schema: 'security' } }), signal);
    await executor().execute(request({ params: { ip: '2a00:1450::1', expires_at: '2026-12-31T00:00:00Z', for: '1h' }, settings: { table: 'blocklist', schema: 'security' } }), signal);
    expect(seen[0]!.body).toStrictEqual({ ip: '2a00:1450::1', reason: 'incident #42: credential stuffing', request_id: 'apr_9', expires_at: null });
    expect(seen[0]!.headers['content-profile']).toBe('security');
    expect(seen[1]!.body).toMatchObject({ expires_at: '2026-12-31T00:00:00.000Z' });
  });

  it('unblock_ip deletes the row by ip (count=exact); no row is success', async () => {
    const seen: Captured[] = [];
    nock(URL_).delete('/rest/v1/blocked_ips').query({ ip: 'eq.45.33.32.0/24' }).reply(capture(seen, 204, undefined, { 'content-range': '*/1' }));
    expect(await executor().execute(request({ kind: 'unblock_ip', params: { ip: '45.33.32.0/24' } }), signal)).toEqual({
      ok: true,
      value: { detail: '45.33.32.0/24: removed from the blocklist public.blocked_ips', reference: '45.33.32.0/24' },
    });
    expect(seen[0]!.headers).toMatchObject({ apikey: KEY, authorization: `Bearer ${KEY}`, prefer: 'count=exact' });
    nock(URL_).delete('/rest/v1/blocked_ips').query({ ip: 'eq.45.33.32.156' }).reply(204, '', { 'content-range': '*/0' });
    expect(await executor().execute(request({ kind: 'unblock_ip' }), signal)).toEqual({
      ok: true,
      value: { detail: '45.33.32.156: not on the blocklist public.blocked_ips; nothing to lift', reference: '45.33.32.156' },
    });
  });

  it('5xx → retry; 429 → rate-limited after Retry-After; a missing table (404) gives up without the key', async () => {
    nock(URL_).post('/rest/v1/blocked_ips').query(true).reply(503, { code: 'PGRST002', message: 'Could not query the database for the schema cache' });
    expect(await executor().execute(request(), signal)).toMatchObject({ ok: false, error: { kind: 'retry', message: expect.stringContaining('HTTP 503') } });
    nock(URL_).post('/rest/v1/blocked_ips').query(true).reply(429, { message: 'slow down' }, { 'retry-after': '9' });
    expect(await executor().execute(request(), signal)).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 9_000 } });
    nock(URL_).post('/rest/v1/blocked_ips').query(true).reply(404, { code: 'PGRST205', message: `Could not find the table 'public.blocked_ips' (key ${KEY})` });
    const missing = await executor().execute(request(), signal);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining("supabase upsert into public.blocked_ips: HTTP 404 Could not find the table 'public.blocked_ips'") } });
    expect(JSON.stringify(missing)).not.toContain(KEY);
  });

  it('needs settings.table for IP kinds', async () => {
    expect(await executor().execute(request({ settings: {} }), signal)).toEqual({ ok: false, error: { kind: 'give-up', message: 'supabase: settings.table is required for block_ip' } });
  });
});

describe('supabase executor: Auth bans', () => {
  it('disable_account by id PUTs ban_duration 876000h to the Auth admin API', async () => {
    const seen: Captured[] = [];
    nock(URL_).put(`/auth/v1/admin/users/${USER}`).reply(capture(seen, 200, { id: USER, email: 'mallory@example.com', banned_until: '2126-11-13T21:00:00Z' }));
    const result = await executor().execute(request({ kind: 'disable_account', action: 'disable_account', params: { account: USER } }), signal);
    expect(result).toEqual({ ok: true, value: { detail: `user ${USER}: banned in Supabase Auth until 2126-11-13T21:00:00Z`, reference: USER } });
    expect(seen[0]!.headers).toMatchObject({ apikey: KEY, authorization: `Bearer ${KEY}` });
    expect(seen[0]!.body).toStrictEqual({ ban_duration: '876000h' });
  });

  it('enable_account lifts the ban with ban_duration none; a configured ban_duration is used for disabling', async () => {
    const seen: Captured[] = [];
    nock(URL_).put(`/auth/v1/admin/users/${USER}`).times(2).reply(capture(seen, 200, { id: USER, banned_until: null }));
    expect(await executor().execute(request({ kind: 'enable_account', params: { account: USER } }), signal)).toEqual({
      ok: true,
      value: { detail: `user ${USER}: ban lifted in Supabase Auth`, reference: USER },
    });
    await executor().execute(request({ kind: 'disable_account', params: { account: USER }, settings: { ban_duration: '24h' } }), signal);
    expect(seen.map((s) => s.body)).toStrictEqual([{ ban_duration: 'none' }, { ban_duration: '24h' }]);
  });

  it('an email is looked up page by page (case-insensitively), then banned by id', async () => {
    const seen: Captured[] = [];
    nock(URL_)
      .get('/auth/v1/admin/users')
      .query({ page: '1', per_page: '2' })
      .reply(capture(seen, 200, { users: [{ id: 'a0000000-0000-4000-8000-000000000001', email: 'a@example.com' }, { id: 'a0000000-0000-4000-8000-000000000002', email: 'b@example.com' }], aud: 'authenticated' }))
      .get('/auth/v1/admin/users')
      .query({ page: '2', per_page: '2' })
      .reply(capture(seen, 200, { users: [{ id: USER, email: 'Mallory@Example.com' }], aud: 'authenticated' }))
      .put(`/auth/v1/admin/users/${USER}`)
      .reply(capture(seen, 200, { id: USER, banned_until: '2126-11-13T21:00:00Z' }));
    const result = await executor({ usersPerPage: 2 }).execute(request({ kind: 'disable_account', params: { account: 'mallory@example.com' } }), signal);
    expect(result).toEqual({ ok: true, value: { detail: `mallory@example.com (user ${USER}): banned in Supabase Auth until 2126-11-13T21:00:00Z`, reference: USER } });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /auth/v1/admin/users?page=1&per_page=2',
      'GET /auth/v1/admin/users?page=2&per_page=2',
      `PUT /auth/v1/admin/users/${USER}`,
    ]);
    expect(seen.every((s) => s.headers.authorization === `Bearer ${KEY}` && s.headers.apikey === KEY)).toBe(true);
  });

  it('an unknown email, or something neither id nor email, gives up', async () => {
    nock(URL_).get('/auth/v1/admin/users').query(true).reply(200, { users: [{ id: USER, email: 'x@example.com' }], aud: 'authenticated' });
    expect(await executor().execute(request({ kind: 'disable_account', params: { account: 'nobody@example.com' } }), signal)).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'supabase: no user with the email nobody@example.com' },
    });
    expect(await executor().execute(request({ kind: 'disable_account', params: { account: 'mallory' } }), signal)).toMatchObject({ ok: false, error: { kind: 'give-up' } });
  });

  it('429 with Retry-After → rate-limited; 500 → retry; 404 (no such user) → give-up', async () => {
    const put = () => nock(URL_).put(`/auth/v1/admin/users/${USER}`);
    put().reply(429, { code: 'over_request_rate_limit', msg: 'Too many requests' }, { 'retry-after': '30' });
    expect(await executor().execute(request({ kind: 'disable_account', params: { account: USER } }), signal)).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 30_000 } });
    put().reply(500, { code: 'unexpected_failure', msg: 'boom' });
    expect(await executor().execute(request({ kind: 'disable_account', params: { account: USER } }), signal)).toMatchObject({ ok: false, error: { kind: 'retry' } });
    put().reply(404, { code: 'user_not_found', msg: 'User not found' });
    expect(await executor().execute(request({ kind: 'disable_account', params: { account: USER } }), signal)).toMatchObject({
      ok: false,
      error: { kind: 'give-up', message: `supabase updating user ${USER}: HTTP 404 User not found` },
    });
  });
});

describe('supabase executor: configuration', () => {
  it('is configured with both URL and key; refuses to run without', async () => {
    expect(executor().configured()).toBe(true);
    const bare = createSupabaseExecutor({ url: URL_ });
    expect(bare.configured()).toBe(false);
    expect(await bare.execute(request(), signal)).toMatchObject({ ok: false, error: { kind: 'give-up' } });
    expect(bare).toMatchObject({ name: 'supabase', idempotent: true, kinds: ['block_ip', 'unblock_ip', 'disable_account', 'enable_account'] });
  });

  it('validates settings', async () => {
    expect(supabaseSettingsSchema.parse({ table: 'blocked_ips' })).toEqual({ table: 'blocked_ips', schema: 'public', ban_duration: '876000h' });
    expect(supabaseSettingsSchema.safeParse({ table: 'drop table x' }).success).toBe(false);
    expect(supabaseSettingsSchema.safeParse({ ban_duration: 'forever' }).success).toBe(false);
    expect(await executor().execute(request({ settings: { table: 'a;b' } }), signal)).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'supabase settings.table: expected a table name (letters, digits, underscores)' },
    });
    expect(await executor().execute(request({ kind: 'rollback' }), signal)).toMatchObject({ ok: false, error: { kind: 'give-up' } });
  });
});

describe('supabase executor: the TTL lift (unblock_ip of a block_ip entry, reference = the ip)', () => {
  it('deletes the blocklist row by ip with the block entry\'s settings', async () => {
    const seen: Captured[] = [];
    nock(URL_).delete('/rest/v1/blocked_ips').query({ ip: 'eq.45.33.32.156' }).reply(capture(seen, 204, undefined, { 'content-range': '*/1' }));
    const lift = request({ requestId: 'apr_9:lift', kind: 'unblock_ip', action: 'block_ip', params: { ip: '45.33.32.156', reference: '45.33.32.156' }, note: 'Firebreak request #9 by U01 (lift after TTL)' });
    expect(await executor().execute(lift, signal)).toEqual({ ok: true, value: { detail: '45.33.32.156: removed from the blocklist public.blocked_ips', reference: '45.33.32.156' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'DELETE', path: '/rest/v1/blocked_ips?ip=eq.45.33.32.156', headers: { apikey: KEY, authorization: `Bearer ${KEY}` } });
  });

  it('a row the app already expired is lifted; a 5xx is retried (idempotent)', async () => {
    nock(URL_).delete('/rest/v1/blocked_ips').query(true).reply(204, '', { 'content-range': '*/0' });
    const lift = request({ requestId: 'apr_9:lift', kind: 'unblock_ip', action: 'block_ip', params: { ip: '45.33.32.156', reference: '45.33.32.156' } });
    expect(await executor().execute(lift, signal)).toMatchObject({ ok: true, value: { detail: expect.stringContaining('nothing to lift') } });
    nock(URL_).delete('/rest/v1/blocked_ips').query(true).reply(502, 'bad gateway');
    expect(await executor().execute(lift, signal)).toMatchObject({ ok: false, error: { kind: 'retry' } });
  });
});
