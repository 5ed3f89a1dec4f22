// Tests: the webhook executor against a loopback receiver that verifies the signature the way the
// README tells receivers to — and a receiver that never answers (the timeout → retry).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { createWebhookExecutor } from '../../../../src/integrations/webhook/executor.js';
import { startFakeVendor, type FakeVendor, type SeenRequest } from '../../../support/fake-vendor.js';

const SECRET = 'whsec-loopback-0123456789';

function verified(req: SeenRequest): boolean {
  const timestamp = String(req.headers['x-firebreak-timestamp'] ?? '');
  const given = Buffer.from(String(req.headers['x-firebreak-signature'] ?? ''));
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${req.raw}`).digest('hex')}`);
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
}

let fake: FakeVendor | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const req: ExecutionRequest = { requestId: 'apr_loop_run', kind: 'run', action: 'restart-workers', params: { pool: 'checkout' }, settings: { webhook: 'ops' }, note: 'n' };

describe('webhook executor against a loopback receiver', () => {
  it('the receiver verifies the signature over the raw body and answers 2xx: done', async () => {
    const handled = new Set<string>();
    fake = await startFakeVendor((r) => {
      if (r.method !== 'POST' || r.path !== '/hooks/remediate' || !verified(r)) return { status: 401 };
      handled.add(String(r.headers['idempotency-key']));
      return { status: 200, body: { detail: 'restarted 3 workers' } };
    });
    const ex = createWebhookExecutor({ webhooks: { ops: { url: `${fake.base}/hooks/remediate`, secret: new Secret(SECRET), timeoutMs: 2_000 } } });
    expect(await ex.execute(req, new AbortController().signal)).toEqual({
      ok: true,
      value: { detail: 'restart-workers: delivered to webhook ops (HTTP 200): restarted 3 workers', reference: 'apr_loop_run' },
    });
    expect([...handled]).toEqual(['apr_loop_run']);
    expect(fake.seen[0]!.body).toMatchObject({ type: 'firebreak.action', request_id: 'apr_loop_run', params: { pool: 'checkout' } });
  });

  it('a wrong secret is refused by the receiver (401): give up', async () => {
    fake = await startFakeVendor((r) => (verified(r) ? { status: 200 } : { status: 401 }));
    const ex = createWebhookExecutor({ webhooks: { ops: { url: `${fake.base}/hooks/remediate`, secret: new Secret('another-secret-9999'), timeoutMs: 2_000 } } });
    expect(await ex.execute(req, new AbortController().signal)).toEqual({ ok: false, error: { kind: 'give-up', message: 'webhook ops: HTTP 401' } });
  });

  it('a receiver that never answers → retry after the timeout (settings.timeout overrides the webhook\'s)', async () => {
    fake = await startFakeVendor(() => 'hang');
    const ex = createWebhookExecutor({ webhooks: { ops: { url: `${fake.base}/hooks/remediate`, secret: new Secret(SECRET), timeoutMs: 60_000 } } });
    expect(await ex.execute({ ...req, settings: { webhook: 'ops', timeout: '150ms' } }, new AbortController().signal)).toEqual({
      ok: false,
      error: { kind: 'retry', message: 'webhook ops: request failed: timed out after 150 ms' },
    });
  });
});
