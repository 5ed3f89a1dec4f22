// The motivating scenario to its end: a Supabase auth-log drain batch with ten failed logins from one
// IP → the detection fires → an incident is declared → a 24 h block of that IP is requested through
// the approval gates, as Firebreak itself, awaiting a security approver (nothing is executed yet).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../../src/effects/ports.js';
import { listIncidents } from '../../../src/store/incidents.js';
import type { SqlTransport } from '../../../src/store/transport.js';
import { startTestServer } from '../../support/webhooks.js';

const TOKEN = 'security-events-token-0123456789';
const YAML = `
detections:
  - name: failed-login-burst
    match: { type: auth.login_failed }
    key: ip
    window: 5m
    threshold: 10
    declare: { severity: sev2, service: auth, title: "Failed logins from {key}" }
    propose: { action: block_ip, ttl: 24h }
actions:
  block_ip:
    executor: edge
    approvers: { users: [U0SECLEAD] }
`;
// The fixture's address is a documentation range, which no block may target: the same batch from a public one.
const drain = readFileSync(new URL('../../fixtures/supabase/auth-drain-failed-logins.json', import.meta.url), 'utf8').replaceAll('198.51.100.77', '185.220.101.77');

const executed: string[] = [];
const edge: Executor = {
  name: 'edge', idempotent: true, kinds: ['block_ip', 'unblock_ip'], configured: () => true,
  execute: async (req) => {
    executed.push(`${req.kind} ${JSON.stringify(req.params)}`);
    return { ok: true, value: { detail: 'blocked', reference: 'rule-1' } };
  },
};

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer(YAML, { SECURITY_EVENTS_TOKEN: TOKEN }, undefined, { executors: new Map([['edge', edge]]) });
});
afterAll(() => app?.stop());

const sql = <Row>(text: string) => (app.store as unknown as SqlTransport).query<Row>(text);

async function until<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface RequestRow {
  incident_id: string;
  phase: string;
  requester: string;
  params: Record<string, string>;
  lift_after_ms: number;
  reason: string;
}

const requests = () => sql<RequestRow>(`
  select w.snapshot -> 'context' ->> 'incidentId' as incident_id, w.snapshot -> 'context' ->> 'phase' as phase,
         w.snapshot -> 'context' ->> 'requester' as requester, w.snapshot -> 'context' -> 'params' as params,
         (w.snapshot -> 'context' ->> 'liftAfterMs')::bigint as lift_after_ms, w.snapshot -> 'context' ->> 'reason' as reason
    from workflows w where w.kind = 'approval'`);

describe('a detection with propose: block_ip', () => {
  it('drain batch → incident → a 24 h block of the IP awaiting approval, requested once', { timeout: 60_000 }, async () => {
    const post = (body: string) => fetch(`${app.url}/webhooks/events/supabase`, {
      method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    expect(await (await post(drain)).json()).toMatchObject({ stored: 12, firings: 1 });

    const [request] = await until(async () => {
      const rows = await requests();
      return rows.length > 0 ? rows : undefined;
    });
    const [incident] = await listIncidents(app.store);
    expect(incident).toMatchObject({ title: 'Failed logins from 185.220.101.77', severity: 'sev2', service: 'auth' });
    expect(request).toMatchObject({
      incident_id: incident!.id, phase: 'awaiting', requester: 'firebreak', params: { ip: '185.220.101.77' }, lift_after_ms: 24 * 3_600_000,
    });
    expect(request!.reason).toContain('detection failed-login-burst: 10 matching events for 185.220.101.77');
    const [firing] = await sql<{ status: string }>('select status from detection_firings');
    expect(firing!.status).toBe('delivered');

    // A redelivered batch fires nothing; a firing delivered again (as after a crash between the
    // request and marking it delivered: the 10 s sweep picks it up) finds its request and asks for nothing more.
    expect(await (await post(drain)).json()).toMatchObject({ stored: 0, firings: 0 });
    await sql(`update detection_firings set status = 'pending'`);
    await until(async () => ((await sql<{ status: string }>('select status from detection_firings'))[0]!.status === 'delivered' ? true : undefined), 20_000);
    expect(await requests()).toHaveLength(1);
    expect(await listIncidents(app.store)).toHaveLength(1);
    expect(executed).toEqual([]);
  });
});
