// Tests: the post-mortem draft of one scripted incident (alert → page → ack → action → resolve, then
// a note after resolve) on the real engine with a virtual clock equals the reviewed golden file.
// Set UPDATE_GOLDEN=1 to rewrite the file after a deliberate change — and review the diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericWebhook } from '../../../src/integrations/generic/webhook.js';
import { createReports, type Reports } from '../../../src/reports/index.js';
import { appendTimeline } from '../../../src/store/workflows.js';
import { openScripted, type Scripted } from '../../support/reports/scripted.js';

const GOLDEN = new URL('../../fixtures/reports/postmortem.golden.md', import.meta.url);
const CONFIG = `
routing:
  defaults: { policy: payments }
escalation:
  policies:
    payments:
      levels:
        - { targets: [U0ONCALL], timeout: 5m }
        - { targets: [U0LEAD], timeout: 5m }
`;
const MIN = 60_000;
const oncall = { id: 'U0ONCALL', team: 'T0TEAM', via: 'slack' as const };

describe('post-mortem draft of a scripted incident', () => {
  let s: Scripted;
  let reports: Reports;
  let incidentId: string;

  beforeAll(async () => {
    s = await openScripted('2026-12-01T10:00:00.000Z', CONFIG);
    reports = createReports({
      store: s.store, incidents: s.incidents, publicUrl: 'https://firebreak.example.com/',
      targets: () => ({ sev1: { detectMs: 2 * MIN, acknowledgeMs: 5 * MIN, resolveMs: 15 * MIN } }),
    });
    const alert = (status: 'firing' | 'resolved') => {
      const parsed = genericWebhook.parse({}, {
        key: 'checkout-5xx', status, title: 'Checkout 5xx rate above 5% | eu-west', severity: 'critical', service: 'checkout',
        started_at: '2026-12-01T09:58:30Z', ...(status === 'resolved' && { ended_at: '2026-12-01T10:12:00Z' }),
        links: [{ kind: 'monitor', url: 'https://monitoring.example.com/m/42' }],
      });
      if (!parsed.ok) throw new Error('fixture alert must parse');
      return s.incidents.ingest('generic', { deliveryId: null, alerts: parsed.value.alerts, external: [] });
    };
    const change = async (c: Parameters<Scripted['incidents']['apply']>[1], actor = oncall) => {
      const found = await s.incidents.read(incidentId);
      const outcome = await s.incidents.apply(found!, c, actor);
      if (!outcome.ok) throw new Error(`change refused: ${JSON.stringify(outcome)}`);
    };
    // What the approvals feature copies onto the incident's timeline (its kinds and data).
    const approval = (kind: string, message: string, data: Record<string, unknown>, actor: string | null) =>
      appendTimeline(s.store, incidentId, { kind, message, actor, data });

    await s.at(0);
    const ingested = await alert('firing');
    incidentId = ingested.alerts[0]!.incident_id!;
    await s.at(3 * MIN);
    await change({ kind: 'acknowledge' });
    await s.at(4 * MIN);
    await change({ kind: 'status', status: 'investigating', message: 'Payment provider calls time out' });
    await s.at(6 * MIN);
    await approval('approval.requested', 'Request #1: rollback service=checkout — deploy 4512 raised timeouts (needs 1 approval)',
      { number: 1, action: 'rollback', params: { service: 'checkout' }, reason: 'deploy 4512 raised timeouts', risk: 'high', required: 1, expiresAt: null }, 'U0ONCALL');
    await approval('approval.break_glass', 'BREAK-GLASS: request #1 run without approval by <@U0ONCALL>: customers cannot pay',
      { number: 1, by: 'U0ONCALL', justification: 'customers cannot pay' }, 'U0ONCALL');
    await s.at(7 * MIN);
    await approval('approval.succeeded', 'Action of request #1 done: workflow run 991 succeeded',
      { number: 1, phase: 'action', detail: 'workflow run 991 succeeded', link: 'https://github.example.com/acme/shop/actions/runs/991' }, 'firebreak');
    await s.at(9 * MIN);
    await change({ kind: 'status', status: 'monitoring', message: 'Rolled back; error rate is back to normal' });
    await s.at(12 * MIN);
    await alert('resolved');
    await s.at(14 * MIN);
    await change({ kind: 'resolve', summary: 'Deploy 4512 made checkout call the payment provider without a timeout; rolled back.' });
    await s.at(16 * MIN);
    await reports.followups.add(incidentId, { text: 'Set a 2 s timeout on payment provider calls', owner: 'U0LEAD', due: '2026-12-15' }, oncall);
    await s.at(20 * MIN);
    await change({ kind: 'note', text: 'The payment provider confirmed a partial outage 09:55–10:20 UTC' }, { id: 'U0SCRIBE', team: 'T0TEAM', via: 'slack' });
    await s.at(21 * MIN);
  }, 180_000);

  afterAll(async () => {
    await s?.close();
  });

  it('matches the reviewed golden file, times included, with the note added after resolve', async () => {
    const md = await reports.postmortemMarkdown(incidentId);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, md!);
    expect(md).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(md).toContain('The payment provider confirmed a partial outage');
  });

  it('is null for an incident that does not exist', async () => {
    expect(await reports.postmortemMarkdown('inc_nope')).toBeNull();
  });
});
