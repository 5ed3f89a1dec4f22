// Data-subject requests through the CLI: export one incident as JSON, erase a person's identifiers
// across incidents and security events; both recorded in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runErase, runExport } from '../../../src/cli/governance.js';
import { openTestEmbeddedAt } from '../../support/store/embedded.js';
import { deliver, SECRETS, startTestServer } from '../../support/webhooks.js';

const TOKEN = 'security-events-token-0123456789';
let app: Awaited<ReturnType<typeof startTestServer>>;
let env: Record<string, string>;

function capture() {
  const lines = { stdout: [] as string[], stderr: [] as string[] };
  return { lines, out: { stdout: (l: string) => lines.stdout.push(l), stderr: (l: string) => lines.stderr.push(l) } };
}

beforeAll(async () => {
  app = await startTestServer('routing:\n  defaults: { declare: sev4 }\n', { SECURITY_EVENTS_TOKEN: TOKEN });
  const body = Buffer.from(JSON.stringify({ key: 'gov-1', status: 'firing', title: 'Checkout broken for UJANE0001', severity: 'sev2', service: 'shop', tags: { user: 'jane.doe@example.com', owner: 'UJANE0001' } }));
  expect((await deliver(app.url, 'generic', body)).status).toBe(202);
  const events = [{ id: 'g1', type: 'auth.login', time: '2026-11-02T10:00:00Z', attributes: { user: 'jane.doe@example.com', ip: '198.51.100.9' } }];
  const r = await fetch(`${app.url}/webhooks/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(r.status).toBe(202);
  const dataDir = (app as unknown as { store: { dataDir?: string } }).store.dataDir;
  await app.stop();
  env = { ...SECRETS, FIREBREAK_DATA_DIR: dataDir ?? '', FIREBREAK_CONFIG: app.configPath };
});
afterAll(() => app?.stop());

describe('firebreak export incident / erase', () => {
  it('exports everything about one incident and records it', async () => {
    const { lines, out } = capture();
    expect(await runExport('incident', '1', out, env)).toBe(0);
    const record = JSON.parse(lines.stdout.join('\n')) as { incident: { number: number; title: string }; alerts: Array<{ key: string; raw: unknown }>; timeline: unknown[]; workflow: { kind: string } };
    expect(record.incident).toMatchObject({ number: 1, title: 'Checkout broken for UJANE0001' });
    expect(record.alerts.map((a) => a.key)).toEqual(['gov-1']);
    expect(record.alerts[0]!.raw).toBeTruthy();
    expect(record.workflow.kind).toBe('incident');
    expect(record.timeline.length).toBeGreaterThan(0);
    expect(await runExport('incident', '99', capture().out, env)).toBe(1);
    expect(await runExport('alert', '1', capture().out, env)).toBe(2);
  });

  it('erases an identifier everywhere it is stored, with --yes only, and records a digest', async () => {
    expect(await runErase('jane.doe@example.com', false, capture().out, env)).toBe(2);
    for (const id of ['UJANE0001', 'jane.doe@example.com']) {
      const { lines, out } = capture();
      expect(await runErase(id, true, out, env)).toBe(0);
      expect(lines.stdout[0]).toMatch(/replaced the identifier with erased-[0-9a-f]{12} in [1-9]\d* row/);
    }
    const store = await openTestEmbeddedAt(env.FIREBREAK_DATA_DIR!);
    try {
      const dump = JSON.stringify(await store.query(`select (select jsonb_agg(to_jsonb(a)) from alerts a) as alerts, (select jsonb_agg(to_jsonb(i)) from incidents i) as incidents,
        (select jsonb_agg(to_jsonb(t)) from timeline t) as timeline, (select jsonb_agg(snapshot) from workflows) as workflows, (select jsonb_agg(attributes) from security_events) as events`));
      expect(dump).not.toContain('UJANE0001');
      expect(dump).not.toContain('jane.doe@example.com');
      expect(dump).toContain('erased-');
      const audit = await store.query<{ action: string; data: string }>(`select action, data::text as data from audit_log where action in ('incident.export', 'person.erase') order by id`);
      expect(audit.map((a) => a.action)).toEqual(['incident.export', 'incident.export', 'person.erase', 'person.erase']);
      expect(JSON.stringify(audit)).not.toContain('jane.doe@example.com');
    } finally {
      await store.close();
    }
  });
});
