import { describe, expect, it } from 'vitest';
import type { ApprovalView } from '../../../../../src/domain/approval.js';
import { approvalMessage, approvalNoticeMessage, denyModal } from '../../../../../src/integrations/slack/blocks/approval.js';

const request: ApprovalView = {
  id: 'apr_1', number: 7, incidentId: 'inc_1', incidentNumber: 42, action: 'block_ip', kind: 'block_ip', params: { ip: '185.220.101.7' }, paramsHash: 'abc',
  reason: 'stuffing <!channel> <https://evil|click>', requester: 'U0REQ', risk: 'high', phase: 'awaiting', required: 2,
  approvals: [{ user: 'U0ANNA', at: '2026-12-08T02:01:00Z' }], approvers: { users: ['U0ANNA'], groups: ['S0SEC'] },
  expiresAt: '2026-12-08T02:15:00.000Z', brokeGlass: false, breakGlassJustification: null, denial: null, cancelledBy: null, refusal: null,
  result: null, liftAt: null, lift: null, settledBy: null,
  evidence: { value: '185.220.101.7', alerts: 1, occurrences: 10, firstSeen: '2026-12-08T01:55:00Z', lastSeen: '2026-12-08T02:00:00Z', titles: ['Failed logins'] },
};
const text = (blocks: unknown) => JSON.stringify(blocks);
const buttons = (blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => [e.action_id, e.value]));

describe('the approval card', () => {
  it('shows what, the exact parameters, why (escaped), who, the evidence, approvals so far and the expiry as an absolute time', () => {
    const { text: fallback, blocks } = approvalMessage(request, new Date('2026-12-08T02:05:00Z'));
    expect(fallback).toBe('Request #7: Block IP 185.220.101.7 — :hourglass_flowing_sand: Awaiting approval');
    const all = text(blocks);
    expect(all).toContain('Request #7: Block IP 185.220.101.7');
    expect(all).toContain('`ip` = `185.220.101.7`');
    expect(all).toContain('stuffing &lt;!channel&gt; &lt;https://evil|click&gt;');
    expect(all).toContain('<@U0REQ> for incident #42');
    expect(all).toContain('1 alert of this incident name 185.220.101.7 (10 occurrences)');
    expect(all).toContain('*Approvals:* 1 of 2 (<@U0ANNA>)');
    expect(all).toContain('*Expires:* <!date^1796696100^');
    expect(all).toContain('(in 10m)');
    expect(buttons(blocks as never)).toEqual([['incident.approve', 'apr_1:abc'], ['incident.deny_request', 'apr_1'], ['incident.cancel_request', 'apr_1']]);
  });

  it('once it ended: the outcome instead of buttons; an unknown outcome offers Retry / Mark done / Mark failed', () => {
    const done = approvalMessage({ ...request, phase: 'succeeded', result: { ok: true, detail: 'rule r-1 created', link: 'https://dash.example/r-1', at: '', durationMs: 120 }, liftAt: '2026-12-09T02:03:00Z' }, new Date());
    expect(buttons(done.blocks as never)).toEqual([]);
    expect(text(done.blocks)).toContain('*Result:* done — <https://dash.example/r-1|rule r-1 created> (120 ms)');
    expect(text(done.blocks)).toContain('*Lifts by itself:*');
    const unknown = approvalMessage({ ...request, phase: 'unknown' }, new Date());
    expect(buttons(unknown.blocks as never).map(([id]) => id)).toEqual(['incident.settle_retry', 'incident.settle_done', 'incident.settle_failed']);
    const refused = approvalMessage({ ...request, phase: 'failed', refusal: 'hourly cap reached: 10 block_ip per hour' }, new Date());
    expect(text(refused.blocks)).toContain('*Not executed:* hourly cap reached: 10 block_ip per hour');
  });

  it('says break-glass loudly, and a deny form asks why', () => {
    const loud = approvalNoticeMessage({ ...request, brokeGlass: true, breakGlassJustification: 'exfiltration' }, 'break-glass');
    expect(loud.text).toBe(':rotating_light: *BREAK-GLASS* — <@U0REQ> is running request #7 (Block IP 185.220.101.7) without approval: exfiltration');
    const modal = denyModal({ id: 'apr_1', number: 7, title: 'Block IP 185.220.101.7' });
    expect(modal).toMatchObject({ callback_id: 'incident.deny_modal', private_metadata: 'apr_1' });
    expect(text(modal.blocks)).toContain('"min_length":3');
  });
});
