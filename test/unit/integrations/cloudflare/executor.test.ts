// Tests: the Cloudflare executor under nock — the exact IP Access Rules requests (method, path, query,
// headers, body), duplicate → success, unblock by lookup + delete, and each failure → retry/give-up.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { accessRuleTarget, cloudflareSettingsSchema, createCloudflareExecutor } from '../../../../src/integrations/cloudflare/executor.js';

const HOST = 'https://api.cloudflare.com';
const API = `${HOST}/client/v4`;
const TOKEN = 'cf-token-0123456789abcdef';
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const RULE = '92f17202ed8bd63d69a66b86a49a8f6b';
const signal = new AbortController().signal;

const executor = (timeoutMs?: number) => createCloudflareExecutor({ apiToken: new Secret(TOKEN), apiUrl: API, ...(timeoutMs ? { timeoutMs } : {}) });

function request(over: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    requestId: 'apr_7Kq2',
    kind: 'block_ip',
    action: 'block_ip',
    params: { ip: '45.33.32.156' },
    settings: { zone_id: ZONE },
    note: 'requested by <@U01> for incident #42: ten failed logins',
    ...over,
  };
}

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Records what each intercepted request carried. */
function capture(list: Captured[], status: number, body: unknown, headers: Record<string, string> = {}) {
  return async (req: Request) => {
    const text = await req.text();
    const url = new URL(req.url);
    list.push({ method: req.method, path: url.pathname + url.search, headers: Object.fromEntries(req.headers.entries()), body: text ? JSON.parse(text) : null });
    return [status, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json', ...headers }] as [number, string, Record<string, string>];
  };
}

const ok = (result: unknown) => ({ success: true, errors: [], messages: [], result });
const rule = (id: string, value: string, mode = 'block', target = 'ip') => ({ id, mode, configuration: { target, value }, notes: 'x', allowed_modes: ['block'] });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('cloudflare executor: block_ip', () => {
  it('POSTs one block rule for an IPv4 address to the zone, with the bearer token and the request id in the notes', async () => {
    const seen: Captured[] = [];
    const scope = nock(HOST).post(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`).reply(capture(seen, 200, ok(rule(RULE, '45.33.32.156'))));
    const result = await executor().execute(request(), signal);
    expect(result).toEqual({
      ok: true,
      value: { detail: `45.33.32.156: block rule created at the Cloudflare edge (zone 023e105f…, rule ${RULE})`, reference: RULE },
    });
    expect(scope.isDone()).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' });
    expect(seen[0]!.body).toStrictEqual({
      mode: 'block',
      configuration: { target: 'ip', value: '45.33.32.156' },
      notes: 'Firebreak apr_7Kq2: requested by <@U01> for incident #42: ten failed logins',
    });
  });

  it.each([
    ['2a00:1450:4001:830::200e', 'ip6'],
    ['45.33.32.0/24', 'ip_range'],
    ['45.33.0.0/16', 'ip_range'],
    ['2a00:1450:4001::/48', 'ip_range'],
    ['2a00:1450:4001:830::/64', 'ip_range'],
  ])('sends %s as target %s', async (value, target) => {
    const seen: Captured[] = [];
    nock(HOST).post(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`).reply(capture(seen, 200, ok(rule(RULE, value, 'block', target))));
    const result = await executor().execute(request({ params: { ip: value } }), signal);
    expect(result.ok).toBe(true);
    expect(seen[0]!.body).toMatchObject({ configuration: { target, value } });
  });

  it('uses the account endpoint, the configured mode, and links the configured dashboard page', async () => {
    const seen: Captured[] = [];
    nock(HOST).post(`/client/v4/accounts/${ACCOUNT}/firewall/access_rules/rules`).reply(capture(seen, 200, ok(rule(RULE, '45.33.32.156', 'managed_challenge'))));
    const dashboard = 'https://dash.cloudflare.com/01a7362d577a6c3019a474fd6f485823/configurations/firewall';
    const result = await executor().execute(request({ settings: { account_id: ACCOUNT, mode: 'managed_challenge', dashboard_url: dashboard } }), signal);
    expect(result).toEqual({
      ok: true,
      value: { detail: `45.33.32.156: managed_challenge rule created at the Cloudflare edge (account 01a7362d…, rule ${RULE})`, reference: RULE, link: dashboard },
    });
    expect(seen[0]!.body).toMatchObject({ mode: 'managed_challenge' });
  });

  it('a range Cloudflare cannot take (/20) gives up before any call', async () => {
    const result = await executor().execute(request({ params: { ip: '45.33.32.0/20' } }), signal);
    expect(result).toEqual({ ok: false, error: { kind: 'give-up', message: 'cloudflare: Cloudflare IP Access rules take IPv4 /16 or /24 ranges, not /20' } });
  });

  it('a duplicate (code 10009) is success: the existing block rule is looked up by configuration and reported', async () => {
    const seen: Captured[] = [];
    nock(HOST)
      .post(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .reply(capture(seen, 400, { success: false, errors: [{ code: 10009, message: 'firewallaccessrules.api.duplicate_of_existing' }], messages: [], result: null }))
      .get(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .query({ 'configuration.target': 'ip', 'configuration.value': '45.33.32.156', match: 'all', per_page: '50' })
      .reply(capture(seen, 200, ok([rule(RULE, '45.33.32.156')])));
    const result = await executor().execute(request(), signal);
    expect(result).toEqual({ ok: true, value: { detail: `45.33.32.156: already had a block rule at the Cloudflare edge (zone 023e105f…, rule ${RULE})`, reference: RULE } });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'GET']);
    expect(seen[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a duplicate whose existing rule allows the address gives up, naming it', async () => {
    nock(HOST)
      .post(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .reply(400, { success: false, errors: [{ code: 10009, message: 'firewallaccessrules.api.duplicate_of_existing' }], result: null })
      .get(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .query(true)
      .reply(200, ok([rule(RULE, '45.33.32.156', 'whitelist')]));
    const result = await executor().execute(request(), signal);
    expect(result).toEqual({ ok: false, error: { kind: 'give-up', message: `cloudflare: 45.33.32.156 already has a whitelist rule (${RULE}); change or remove it in Cloudflare first` } });
  });

  it('another 400 gives up with Cloudflare\'s errors, never the token', async () => {
    nock(HOST)
      .post(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .reply(400, { success: false, errors: [{ code: 10000, message: `Authentication error for ${TOKEN}` }], result: null });
    const result = await executor().execute(request(), signal);
    expect(result).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining('10000 Authentication error') } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('429 → rate-limited after Retry-After; 5xx → retry; 403 → give-up (a timeout: see the loopback test)', async () => {
    const path = `/client/v4/zones/${ZONE}/firewall/access_rules/rules`;
    nock(HOST).post(path).reply(429, { success: false, errors: [{ code: 971, message: 'Please wait' }] }, { 'retry-after': '12' });
    expect(await executor().execute(request(), signal)).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAfterMs: 12_000 } });
    nock(HOST).post(path).reply(502, 'bad gateway');
    expect(await executor().execute(request(), signal)).toMatchObject({ ok: false, error: { kind: 'retry' } });
    nock(HOST).post(path).reply(403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
    expect(await executor().execute(request(), signal)).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining('HTTP 403') } });
  });

  it('HTTP 200 with success:false gives up', async () => {
    nock(HOST).post(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`).reply(200, { success: false, errors: [{ code: 10001, message: 'bad zone' }], result: null });
    expect(await executor().execute(request(), signal)).toEqual({ ok: false, error: { kind: 'give-up', message: 'cloudflare: creating the rule for 45.33.32.156 failed (HTTP 200): 10001 bad zone' } });
  });
});

describe('cloudflare executor: unblock_ip', () => {
  it('finds the block rule by configuration.value and DELETEs it', async () => {
    const seen: Captured[] = [];
    nock(HOST)
      .get(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .query({ 'configuration.target': 'ip6', 'configuration.value': '2a00:1450:4001:830::200e', match: 'all', per_page: '50' })
      .reply(capture(seen, 200, ok([rule(RULE, '2a00:1450:4001:830::200e', 'block', 'ip6'), rule('other', '2a00:1450:4001:830::200e', 'whitelist', 'ip6')])))
      .delete(`/client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`)
      .reply(capture(seen, 200, ok({ id: RULE })));
    const result = await executor().execute(request({ kind: 'unblock_ip', action: 'unblock_ip', params: { ip: '2a00:1450:4001:830::200e' } }), signal);
    expect(result).toEqual({ ok: true, value: { detail: `2a00:1450:4001:830::200e: block rule removed from the Cloudflare edge (zone 023e105f…, rule ${RULE})`, reference: RULE } });
    expect(seen.map((s) => `${s.method} ${s.path.split('?')[0]}`)).toEqual([
      `GET /client/v4/zones/${ZONE}/firewall/access_rules/rules`,
      `DELETE /client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`,
    ]);
    expect(seen.every((s) => s.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(seen[1]!.body).toBeNull();
  });

  it('nothing to lift is success (idempotent); a rule already deleted (404) is success', async () => {
    nock(HOST).get(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`).query(true).reply(200, ok([]));
    expect(await executor().execute(request({ kind: 'unblock_ip' }), signal)).toEqual({
      ok: true,
      value: { detail: '45.33.32.156: no block rule at the Cloudflare edge (zone 023e105f…); nothing to lift' },
    });
    nock(HOST)
      .get(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .query(true)
      .reply(200, ok([rule(RULE, '45.33.32.156')]))
      .delete(`/client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`)
      .reply(404, { success: false, errors: [{ code: 10001, message: 'not found' }] });
    expect(await executor().execute(request({ kind: 'unblock_ip' }), signal)).toMatchObject({ ok: true });
  });

  it('a 5xx on delete is retried (the whole unblock runs again: list, then delete)', async () => {
    nock(HOST)
      .get(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .query(true)
      .reply(200, ok([rule(RULE, '45.33.32.156')]))
      .delete(`/client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`)
      .reply(500, 'oops');
    expect(await executor().execute(request({ kind: 'unblock_ip' }), signal)).toMatchObject({ ok: false, error: { kind: 'retry' } });
  });
});

describe('cloudflare executor: configuration', () => {
  it('is configured only with a token; without one it refuses to run', async () => {
    expect(executor().configured()).toBe(true);
    const bare = createCloudflareExecutor({ apiUrl: API });
    expect(bare.configured()).toBe(false);
    expect(await bare.execute(request(), signal)).toEqual({ ok: false, error: { kind: 'give-up', message: 'cloudflare: CLOUDFLARE_API_TOKEN is not set' } });
    expect(bare).toMatchObject({ name: 'cloudflare', idempotent: true, kinds: ['block_ip', 'unblock_ip'] });
  });

  it('settings need exactly one of zone_id and account_id', async () => {
    expect(cloudflareSettingsSchema.safeParse({}).success).toBe(false);
    expect(cloudflareSettingsSchema.safeParse({ zone_id: ZONE, account_id: ACCOUNT }).success).toBe(false);
    expect(cloudflareSettingsSchema.safeParse({ zone_id: 'example.com' }).success).toBe(false);
    expect(cloudflareSettingsSchema.parse({ zone_id: ZONE })).toEqual({ zone_id: ZONE, mode: 'block' });
    expect(await executor().execute(request({ settings: { zone_id: 'nope' } }), signal)).toEqual({
      ok: false,
      error: { kind: 'give-up', message: 'cloudflare settings.zone_id: expected a Cloudflare zone id (32 hex characters)' },
    });
  });

  it('refuses kinds it does not carry out', async () => {
    expect(await executor().execute(request({ kind: 'rollback' }), signal)).toEqual({ ok: false, error: { kind: 'give-up', message: 'cloudflare cannot rollback (it blocks and unblocks IPs)' } });
  });

  it.each([
    ['45.33.32.156', 'ip'],
    ['2a00::1', 'ip6'],
    ['45.33.32.0/24', 'ip_range'],
  ])('accessRuleTarget(%s) = %s', (value, target) => {
    expect(accessRuleTarget(value)).toEqual({ ok: true, target });
  });
});

describe('cloudflare executor: the TTL lift (unblock_ip with the block\'s rule id as reference)', () => {
  const lift = (reference: string) =>
    request({ requestId: 'apr_7Kq2:lift', kind: 'unblock_ip', params: { ip: '45.33.32.156', reference }, note: 'Firebreak request #3 by U01 (lift after TTL)' });

  it('DELETEs exactly the stored rule, without a lookup', async () => {
    const seen: Captured[] = [];
    nock(HOST).delete(`/client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`).reply(capture(seen, 200, ok({ id: RULE })));
    expect(await executor().execute(lift(RULE), signal)).toEqual({
      ok: true,
      value: { detail: `45.33.32.156: block rule removed from the Cloudflare edge (zone 023e105f…, rule ${RULE})`, reference: RULE },
    });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([`DELETE /client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`]);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a rule someone already removed (404) is lifted; a 5xx is retried', async () => {
    nock(HOST).delete(`/client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`).reply(404, { success: false, errors: [{ code: 10001, message: 'not found' }] });
    expect(await executor().execute(lift(RULE), signal)).toEqual({
      ok: true,
      value: { detail: `45.33.32.156: rule ${RULE} is no longer at the Cloudflare edge (zone 023e105f…); nothing to lift`, reference: RULE },
    });
    nock(HOST).delete(`/client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`).reply(503, 'unavailable');
    expect(await executor().execute(lift(RULE), signal)).toMatchObject({ ok: false, error: { kind: 'retry' } });
  });

  it('a reference that is not a rule id falls back to the lookup by value', async () => {
    nock(HOST)
      .get(`/client/v4/zones/${ZONE}/firewall/access_rules/rules`)
      .query(true)
      .reply(200, ok([rule(RULE, '45.33.32.156')]))
      .delete(`/client/v4/zones/${ZONE}/firewall/access_rules/rules/${RULE}`)
      .reply(200, ok({ id: RULE }));
    expect(await executor().execute(lift('rule-a, rule-b'), signal)).toMatchObject({ ok: true, value: { reference: RULE } });
  });
});
