// Tests: the Cloudflare executor against a fake IP Access Rules API on loopback — CLOUDFLARE_API_URL
// (with its /client/v4 path) really is where the calls go; block, block again, unblock, and a hung server.
// No nock in this file: nock 15 cannot pass a fetch with a body through to a real server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../../src/config/secret.js';
import type { ExecutionRequest } from '../../../../src/effects/ports.js';
import { createCloudflareExecutor } from '../../../../src/integrations/cloudflare/executor.js';
import { startFakeVendor, type FakeVendor, type SeenRequest } from '../../../support/fake-vendor.js';

const TOKEN = 'cf-loopback-token-0001';
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const RULES = `/client/v4/zones/${ZONE}/firewall/access_rules/rules`;
const signal = new AbortController().signal;

/** A tiny in-memory Cloudflare: one scope, rules keyed by configuration value, duplicates refused. */
function cloudflare() {
  const rules = new Map<string, { id: string; mode: string; configuration: { target: string; value: string }; notes: string }>();
  let next = 1;
  let hang = false;
  const route = (req: SeenRequest) => {
    if (hang) return 'hang' as const;
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return { status: 403, body: { success: false, errors: [{ code: 10000, message: 'Authentication error' }] } };
    if (req.method === 'POST' && req.path === RULES) {
      const body = req.body as { mode: string; configuration: { target: string; value: string }; notes: string };
      if (rules.has(body.configuration.value)) return { status: 400, body: { success: false, errors: [{ code: 10009, message: 'firewallaccessrules.api.duplicate_of_existing' }], messages: [], result: null } };
      const rule = { id: `rule${next++}`, ...body };
      rules.set(body.configuration.value, rule);
      return { status: 200, body: { success: true, errors: [], messages: [], result: rule } };
    }
    if (req.method === 'GET' && req.path === RULES) {
      const value = req.query.get('configuration.value');
      const list = [...rules.values()].filter((r) => value === null || r.configuration.value === value);
      return { status: 200, body: { success: true, errors: [], messages: [], result: list, result_info: { page: 1, per_page: 50, count: list.length, total_count: list.length } } };
    }
    if (req.method === 'DELETE' && req.path.startsWith(`${RULES}/`)) {
      const id = req.path.slice(RULES.length + 1);
      const found = [...rules.values()].find((r) => r.id === id);
      if (!found) return { status: 404, body: { success: false, errors: [{ code: 10001, message: 'not found' }] } };
      rules.delete(found.configuration.value);
      return { status: 200, body: { success: true, errors: [], messages: [], result: { id } } };
    }
    return { status: 404, body: { success: false, errors: [{ code: 7000, message: 'No route for that URI' }] } };
  };
  return { rules, route, hangFromNowOn: () => (hang = true) };
}

let fake: FakeVendor;
let cf: ReturnType<typeof cloudflare>;

beforeEach(async () => {
  cf = cloudflare();
  fake = await startFakeVendor(cf.route, '/client/v4');
});
afterEach(() => fake.close());

const req = (kind: ExecutionRequest['kind'], ip: string): ExecutionRequest => ({
  requestId: `apr_${kind}`,
  kind,
  action: kind,
  params: { ip },
  settings: { zone_id: ZONE },
  note: 'incident #42',
});

describe('cloudflare executor against a loopback Cloudflare', () => {
  it('blocks, blocks again (duplicate → the same rule), then unblocks, all under the configured base URL', async () => {
    const executor = createCloudflareExecutor({ apiToken: new Secret(TOKEN), apiUrl: fake.base });
    const first = await executor.execute(req('block_ip', '45.33.32.156'), signal);
    expect(first).toMatchObject({ ok: true, value: { reference: 'rule1' } });
    expect(cf.rules.get('45.33.32.156')).toEqual({ id: 'rule1', mode: 'block', configuration: { target: 'ip', value: '45.33.32.156' }, notes: 'Firebreak apr_block_ip: incident #42' });

    const again = await executor.execute(req('block_ip', '45.33.32.156'), signal);
    expect(again).toMatchObject({ ok: true, value: { reference: 'rule1', detail: expect.stringContaining('already had a block rule') } });
    expect(cf.rules.size).toBe(1);

    const lifted = await executor.execute(req('unblock_ip', '45.33.32.156'), signal);
    expect(lifted).toMatchObject({ ok: true, value: { reference: 'rule1', detail: expect.stringContaining('removed') } });
    expect(cf.rules.size).toBe(0);

    expect(fake.seen.map((s) => `${s.method} ${s.path}`)).toEqual([`POST ${RULES}`, `POST ${RULES}`, `GET ${RULES}`, `GET ${RULES}`, `DELETE ${RULES}/rule1`]);
    expect(fake.seen.every((s) => s.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('a server that never answers → retry once the timeout passes', async () => {
    cf.hangFromNowOn();
    const executor = createCloudflareExecutor({ apiToken: new Secret(TOKEN), apiUrl: fake.base, timeoutMs: 150 });
    expect(await executor.execute(req('block_ip', '45.33.32.156'), signal)).toMatchObject({ ok: false, error: { kind: 'retry', message: expect.stringContaining('no answer within 150 ms') } });
  });

  it('an abort from the dispatcher (shutdown) stops the call', async () => {
    cf.hangFromNowOn();
    const executor = createCloudflareExecutor({ apiToken: new Secret(TOKEN), apiUrl: fake.base });
    const stop = new AbortController();
    const running = executor.execute(req('block_ip', '45.33.32.156'), stop.signal);
    setTimeout(() => stop.abort(), 50);
    expect(await running).toMatchObject({ ok: false, error: { kind: 'retry' } });
  });
});
