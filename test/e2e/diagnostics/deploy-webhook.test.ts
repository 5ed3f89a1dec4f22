// E2e (diagnostics): POST /webhooks/deploy — signed with DEPLOY_WEBHOOK_SECRET; 401 and nothing stored
// for a bad or stale signature, 400 naming the field, 202 once per delivery id; the stored deploys
// are what "what changed" shows for the service.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/webhooks.js';
import type { Firebreak } from '../../../src/main.js';
import { recentDeploys } from '../../../src/store/diagnostics.js';

const SECRET = 'deploy-hook-secret-5566';
let app: (Firebreak & { url: string }) | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

function send(body: string, opts: { secret?: string; at?: number; signature?: string } = {}) {
  const ts = String(Math.floor((opts.at ?? Date.now()) / 1000));
  const signature = opts.signature ?? `sha256=${createHmac('sha256', opts.secret ?? SECRET).update(`${ts}.${body}`).digest('hex')}`;
  return fetch(`${app!.url}/webhooks/deploy`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-firebreak-timestamp': ts, 'x-firebreak-signature': signature },
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
}

describe('POST /webhooks/deploy', () => {
  it('stores a signed deploy once, refuses bad signatures and malformed bodies', async () => {
    app = await startTestServer(undefined, { DEPLOY_WEBHOOK_SECRET: SECRET });
    const deploy = JSON.stringify({ id: 'argo-123', service: 'checkout', environment: 'production', version: 'v42', repository: 'acme/checkout', actor: 'argo' });

    expect(await send(deploy, { secret: 'wrong-secret-000' })).toEqual({ status: 401, body: { error: 'bad signature' } });
    expect(await send(deploy, { at: Date.now() - 10 * 60_000 })).toEqual({ status: 401, body: { error: 'stale signature' } });
    expect(await recentDeploys(app.store, 'checkout', 3_600_000)).toEqual([]);

    expect(await send(JSON.stringify({ environment: 'production' }))).toMatchObject({ status: 400, body: { field: 'service' } });
    expect(await send(JSON.stringify({ service: 'checkout', url: 'javascript:alert(1)' }))).toMatchObject({ status: 400, body: { field: 'url' } });

    expect(await send(deploy)).toEqual({ status: 202, body: { accepted: true, duplicate: false } });
    expect(await send(deploy)).toEqual({ status: 202, body: { accepted: true, duplicate: true } });
    const stored = await recentDeploys(app.store, 'checkout', 3_600_000);
    expect(stored).toEqual([expect.objectContaining({ delivery_id: 'argo-123', service: 'checkout', environment: 'production', version: 'v42', repository: 'acme/checkout', actor: 'argo' })]);
    expect(await recentDeploys(app.store, 'billing', 3_600_000)).toEqual([]);
  });

  it('answers 404 while DEPLOY_WEBHOOK_SECRET is unset', async () => {
    app = await startTestServer();
    expect(await send(JSON.stringify({ service: 'x' }))).toEqual({ status: 404, body: { error: 'deploy webhook is not configured: set DEPLOY_WEBHOOK_SECRET' } });
  });
});
