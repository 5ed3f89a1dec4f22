// Tests: the webhook executor under nock — the exact signed POST (URL, headers, Idempotency-Key =
// request id, HMAC over "<timestamp>.<body>", the body) and each answer → ok, rate-limited, retry, give-up.
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { actionBody, createWebhookExecutor, webhookActionSettingsSchema } from '../../../../src/integrations/webhook/executor.js';
import type { WebhookTargetConfig } from '../../../../src/integrations/webhook/pager.js';

const HOST = 'https://ops.example.com';
const SECRET = 'whsec-remediation-0123456789';
const NOW = Date.parse('2026-12-07T22:00:00Z');
const signal = new AbortController().signal;

const hooks = (over: Partial<WebhookTargetConfig> = {}): Record<string, WebhookTargetConfig> => ({
  'ops-bridge': { url: `${HOST}/hooks/firebreak`, secret: new Secret(SECRET), timeoutMs: 5_000, ...over },
});
const executor = (over: Partial<WebhookTargetConfig> = {}) => createWebhookExecutor({ webhooks: hooks(over), now: () => NOW });

function request(over: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    requestId: 'apr_run7',
    kind: 'run',
    action: 'restart-workers',
    params: { pool: 'checkout', count: '3' },
    settings: { webhook: 'ops-bridge' },
    note: 'Firebreak request #7 by U01: queue stuck',
    ...over,
  };
}

interface Captured {
  headers: Record<string, string>;
  raw: string;
}

function capture(list: Captured[], status: number, body = '', headers: Record<string, string> = {}) {
  return async (req: Request) => {
    list.push({ headers: Object.fromEntries(req.headers.entries()), raw: await req.text() });
    return [status, body, headers] as [number, string, Record<string, string>];
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('webhook executor: the signed POST', () => {
  it('POSTs the action as JSON with Idempotency-Key = request id and an HMAC-SHA256 signature over "<timestamp>.<body>"', async () => {
    const seen: Captured[] = [];
    const scope = nock(HOST).post('/hooks/firebreak').reply(capture(seen, 200, '{"ok":true}', { 'content-type': 'application/json' }));
    const result = await executor().execute(request(), signal);
    expect(result).toEqual({ ok: true, value: { detail: 'restart-workers: delivered to webhook ops-bridge (HTTP 200)', reference: 'apr_run7' } });
    expect(scope.isDone()).toBe(true);
    const sent = seen[0]!;
    expect(JSON.parse(sent.raw)).toStrictEqual({
      type: 'firebreak.action',
      version: 1,
      request_id: 'apr_run7',
      kind: 'run',
      action: 'restart-workers',
      params: { pool: 'checkout', count: '3' },
      note: 'Firebreak request #7 by U01: queue stuck',
    });
    expect(sent.raw).toBe(actionBody(request()));
    const timestamp = String(NOW / 1000);
    expect(sent.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'apr_run7', 'x-firebreak-timestamp': timestamp, 'user-agent': 'Firebreak' });
    expect(sent.headers['x-firebreak-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${sent.raw}`).digest('hex')}`);
  });

  it('unsigned when the webhook has no secret', async () => {
    const seen: Captured[] = [];
    nock(HOST).post('/hooks/firebreak').reply(capture(seen, 204));
    expect(await executor({ secret: null }).execute(request(), signal)).toMatchObject({ ok: true });
    expect(seen[0]!.headers['x-firebreak-signature']).toBeUndefined();
  });

  it('a 2xx body may add a one-line detail and an https link (the signing secret never shown)', async () => {
    nock(HOST)
      .post('/hooks/firebreak')
      .reply(202, JSON.stringify({ detail: `3 workers\nrestarted ${SECRET}`, link: 'https://ops.example.com/jobs/991' }), { 'content-type': 'application/json' });
    expect(await executor().execute(request(), signal)).toEqual({
      ok: true,
      value: { detail: 'restart-workers: delivered to webhook ops-bridge (HTTP 202): 3 workers restarted [redacted]', reference: 'apr_run7', link: 'https://ops.example.com/jobs/991' },
    });
    nock(HOST).post('/hooks/firebreak').reply(200, JSON.stringify({ link: 'javascript:alert(1)' }));
    expect(await executor().execute(request(), signal)).toEqual({ ok: true, value: { detail: 'restart-workers: delivered to webhook ops-bridge (HTTP 200)', reference: 'apr_run7' } });
  });

  it.each([
    [429, { 'retry-after': '20' }, { kind: 'rate-limited', retryAfterMs: 20_000, message: 'webhook ops-bridge: HTTP 429 (throttled)' }],
    [503, {}, { kind: 'retry', message: 'webhook ops-bridge: HTTP 503' }],
    [408, {}, { kind: 'retry', message: 'webhook ops-bridge: HTTP 408' }],
    [400, {}, { kind: 'give-up', message: 'webhook ops-bridge: HTTP 400' }],
    [403, {}, { kind: 'give-up', message: 'webhook ops-bridge: HTTP 403' }],
    [302, { location: 'https://elsewhere.example.com' }, { kind: 'give-up', message: 'webhook ops-bridge: HTTP 302 (redirects are not followed: configure the final URL)' }],
  ])('HTTP %i → %j', async (status, headers, error) => {
    nock(HOST).post('/hooks/firebreak').reply(status, 'nope', headers);
    expect(await executor().execute(request(), signal)).toEqual({ ok: false, error });
  });

  it('an unknown webhook or bad settings give up before any call', async () => {
    expect(await executor().execute(request({ settings: { webhook: 'nope' } }), signal)).toEqual({ ok: false, error: { kind: 'give-up', message: 'webhook nope: not configured (escalation.webhooks.nope)' } });
    expect(await executor().execute(request({ settings: {} }), signal)).toMatchObject({ ok: false, error: { kind: 'give-up', message: expect.stringContaining('webhook settings.webhook') } });
    expect(webhookActionSettingsSchema.parse({ webhook: 'ops-bridge', timeout: '2s' })).toEqual({ webhook: 'ops-bridge', timeout: 2_000 });
  });

  it('is configured when any webhook exists; not idempotent; carries out any kind', () => {
    expect(executor().configured()).toBe(true);
    const bare = createWebhookExecutor({ webhooks: {} });
    expect(bare.configured()).toBe(false);
    expect(bare).toMatchObject({ name: 'webhook', idempotent: false });
    expect(bare.kinds).toEqual(expect.arrayContaining(['run', 'block_ip', 'rollback']));
  });
});

describe('webhook executor: the TTL lift of a block made through a webhook', () => {
  it('POSTs kind unblock_ip for the block_ip action with Idempotency-Key "<request id>:lift"', async () => {
    const seen: Captured[] = [];
    nock(HOST).post('/hooks/firebreak').reply(capture(seen, 200));
    const lift = request({ requestId: 'apr_blk3:lift', kind: 'unblock_ip', action: 'block_ip', params: { ip: '45.33.32.156', reference: 'apr_blk3' }, note: 'Firebreak request #3 by U01 (lift after TTL)' });
    expect(await executor().execute(lift, signal)).toEqual({ ok: true, value: { detail: 'block_ip: delivered to webhook ops-bridge (HTTP 200)', reference: 'apr_blk3:lift' } });
    expect(seen[0]!.headers['idempotency-key']).toBe('apr_blk3:lift');
    expect(JSON.parse(seen[0]!.raw)).toStrictEqual({
      type: 'firebreak.action',
      version: 1,
      request_id: 'apr_blk3:lift',
      kind: 'unblock_ip',
      action: 'block_ip',
      params: { ip: '45.33.32.156', reference: 'apr_blk3' },
      note: 'Firebreak request #3 by U01 (lift after TTL)',
    });
  });
});
