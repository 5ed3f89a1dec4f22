// E2e (Slack): a remediation request from a slash command — the card in the incident channel with
// the evidence, the requester's own approval refused, an approver's click executing once (however
// often it is clicked), the card edited in place, and all of it on the timeline and in the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../../src/store/audit.js';
import { fakeExecutor, type FakeExecutor } from '../../support/fake-executor.js';
import { answerText, blocksText, buttonsOf, channelOf, startSlackE2e, succeeded, theIncident, timeline, waitFor, type SlackE2e } from './harness.js';

const REQUESTER = 'U0REQ';
const ANNA = 'U0ANNA';
const SECURITY = 'S0SEC';
const CAL = 'U0CAL';
const BOB = 'U0BOB';

const YAML = `
routing:
  defaults: { declare: sev2 }
actions:
  block_ip:
    executor: fake
    risk: high
    approvers: { users: [${ANNA}], groups: [${SECURITY}] }
    approvals_required: 1
    expiry: 15m
    ttl: 24h
    protected: [93.184.215.0/24]
`;

let e: SlackE2e;
let executor: FakeExecutor;
beforeEach(async () => {
  executor = fakeExecutor();
  e = await startSlackE2e({ yaml: YAML, executors: new Map([['fake', executor]]), fake: { usergroups: { [SECURITY]: [CAL] } } });
});
afterEach(() => e.stop());

async function incidentWithIp() {
  for (let i = 0; i < 10; i++) {
    const r = await e.alert({ key: 'login-storm', status: 'firing', severity: 'sev2', title: 'Failed logins from one IP', service: 'auth', tags: { client_ip: '185.220.101.7' }, attempt: i });
    expect(r.status).toBeLessThan(300);
  }
  const incident = await theIncident(e.app);
  const channel = await channelOf(e.app, incident.id);
  return { incident, channel };
}

const cardOf = (channel: string) => e.fake.state.messages.find((m) => m.channel === channel && blocksText(m.blocks).includes('Request #'));
const clickAnswers = () => e.responses.posts.filter((p) => p.path.startsWith('/click')).map((p) => String((p.body as { text?: string }).text));

describe('/incident block-ip', () => {
  it('request → card → self-approval refused → approver approves → executed once → card edited → timeline and audit', async () => {
    const { incident, channel } = await incidentWithIp();

    const asked = await e.command('block-ip 185.220.101.7 for 24h ten failed logins in five minutes', { user: REQUESTER, channel });
    expect(answerText(asked)).toMatch(/^Requested #1: Block IP 185\.220\.101\.7\. It needs 1 approval before /);

    const card = await waitFor('the approval card', () => cardOf(channel));
    const text = blocksText(card.blocks);
    expect(text).toContain('`ip` = `185.220.101.7`');
    expect(text).toContain('ten failed logins in five minutes');
    expect(text).toContain(`<@${REQUESTER}>`);
    expect(text).toMatch(/Evidence:\* 1 alert of this incident name 185\.220\.101\.7 \(10 occurrences\)/);
    expect(text).toContain('*Approvals:* 0 of 1');
    expect(text).toMatch(/\*Expires:\* <!date\^\d+\^/);
    expect(buttonsOf(card.blocks)).toEqual(['incident.approve', 'incident.deny_request', 'incident.cancel_request']);
    const approve = (card.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements![0]!;

    // The requester cannot approve their own request; a stranger does not count.
    await e.click(approve.action_id, approve.value, { user: REQUESTER, channel, messageTs: card.ts });
    await e.click(approve.action_id, approve.value, { user: BOB, channel, messageTs: card.ts });
    await waitFor('two refusals', () => clickAnswers().length >= 2);
    expect(clickAnswers()).toEqual([
      'You asked for request #1: someone else must approve or deny it (you may cancel it).',
      'You are not an approver of request #1: nothing was changed.',
    ]);
    expect(executor.calls).toHaveLength(0);

    // A member of the security group approves — twice, as a double click would.
    await Promise.all([
      e.click(approve.action_id, approve.value, { user: CAL, channel, messageTs: card.ts }),
      e.click(approve.action_id, approve.value, { user: CAL, channel, messageTs: card.ts }),
    ]);
    await waitFor('the card edited to Done', () => succeeded(e.fake, 'chat.update', channel).find((c) => c.params.ts === card.ts && blocksText(c.params.blocks).includes('Done')));
    await new Promise((r) => setTimeout(r, 300));
    expect(executor.calls).toHaveLength(1);
    expect(executor.calls[0]).toMatchObject({ kind: 'block_ip', action: 'block_ip', params: { ip: '185.220.101.7' } });
    // Whichever click came second is told its approval already counted, or that the request moved on.
    await waitFor('both answers', () => clickAnswers().length >= 4);
    expect(clickAnswers().slice(2)).toContain('Your approval of request #1 completed the quorum: it is being executed.');
    for (const answer of clickAnswers().slice(2)) {
      expect([
        'Your approval of request #1 completed the quorum: it is being executed.',
        'You already approved request #1; each approver counts once.',
        'Request #1 is already approved and executing: nothing was changed.',
        'Request #1 is already done: nothing was changed.',
      ]).toContain(answer);
    }

    const edited = e.fake.state.messages.find((m) => m.ts === card.ts)!;
    expect(blocksText(edited.blocks)).toContain('*Result:* done');
    expect(blocksText(edited.blocks)).toMatch(/\*Lifts by itself:\* <!date\^/);
    expect(buttonsOf(edited.blocks)).toEqual([]);
    // Edited in place: one card in the channel.
    expect(e.fake.state.messages.filter((m) => m.channel === channel && blocksText(m.blocks).includes('Request #'))).toHaveLength(1);

    const kinds = (await waitFor('the incident timeline', async () => {
      const t = await timeline(e.app, incident.id);
      return t.some((x) => x.kind === 'approval.succeeded') && t;
    })).map((t) => [t.kind, t.actor]);
    expect(kinds).toEqual(expect.arrayContaining([
      ['approval.requested', REQUESTER], ['approval.approved_by', CAL], ['approval.approved', CAL], ['approval.executing', CAL], ['approval.succeeded', 'firebreak'],
    ]));

    const audit = await auditPage(e.app.store, { limit: 100 });
    const rows = audit.map((a) => [a.action, a.actor, a.outcome]);
    expect(rows).toEqual(expect.arrayContaining([
      ['approval.request', REQUESTER, 'ok'],
      ['approval.approve', REQUESTER, 'refused:own-request'],
      ['approval.approve', BOB, 'refused:not-an-approver'],
      ['approval.approve', CAL, 'ok'],
      ['approval.execute', 'firebreak', 'executed'],
    ]));
    expect(audit.find((a) => a.action === 'approval.request')).toMatchObject({ team: expect.any(String), via: 'slack' });
  });

  it('"Propose block" on the summary of an incident whose alerts carry the IP requests block_ip for it', async () => {
    const { channel } = await incidentWithIp();
    const summary = await waitFor('the summary with Propose block', () =>
      e.fake.state.messages.find((m) => m.channel === channel && buttonsOf(m.blocks).includes('incident.propose_block')));
    expect(blocksText(summary.blocks)).toContain('Propose block 185.220.101.7');
    const button = (summary.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? []).find((el) => el.action_id === 'incident.propose_block')!;
    await e.click(button.action_id, button.value, { user: REQUESTER, channel, messageTs: summary.ts });
    await waitFor('the answer', () => clickAnswers().length > 0);
    expect(clickAnswers()[0]).toMatch(/^Requested #1: Block IP 185\.220\.101\.7\./);
    const card = await waitFor('the approval card', () => cardOf(channel));
    expect(blocksText(card.blocks)).toContain('proposed from an alert naming this IP');
  });

  it('break-glass: the commander runs it alone, announced loudly and flagged; anyone else is refused', async () => {
    const declared = await e.command('declare sev1 Data exfiltration in progress', { user: REQUESTER, channel: 'CGENERAL' });
    expect(answerText(declared)).toContain('Declared incident #1');
    const incident = await theIncident(e.app);
    const channel = await channelOf(e.app, incident.id);
    expect(answerText(await e.command('block-ip 185.220.101.9 --break-glass', { user: BOB, channel }))).toContain('Break-glass needs a justification');
    expect(answerText(await e.command('block-ip 185.220.101.9 --break-glass exfiltration now', { user: BOB, channel }))).toBe('Only the incident commander may break glass.');
    const asked = await e.command('block-ip 185.220.101.9 attacker --break-glass exfiltration in progress, no time', { user: REQUESTER, channel });
    expect(answerText(asked)).toContain('Break-glass: request #1');
    await waitFor('the executor called', () => executor.calls.length === 1);
    const loud = await waitFor('the break-glass announcement', () => e.fake.state.messages.find((m) => m.channel === channel && String(m.text).includes('BREAK-GLASS')));
    expect(String(loud.text)).toContain('exfiltration in progress, no time');
    await waitFor('the flag on the timeline', async () => (await timeline(e.app, incident.id)).some((t) => t.kind === 'approval.break_glass'));
    const audit = await auditPage(e.app.store, { limit: 100 });
    expect(audit.find((a) => a.action === 'approval.request' && a.outcome === 'ok')?.params).toMatchObject({ breakGlass: 'exfiltration in progress, no time' });
    expect(audit.filter((a) => a.action === 'approval.request' && a.outcome === 'refused:not-a-commander')).toHaveLength(1);
  });

  it('refuses a protected or private target, ephemerally, and records the refusal', async () => {
    const { channel } = await incidentWithIp();
    expect(answerText(await e.command('block-ip 93.184.215.10', { user: REQUESTER, channel }))).toBe('Refused: 93.184.215.10 is on the protected list "this action" (93.184.215.0/24): it is never blocked.');
    expect(answerText(await e.command('block-ip 10.0.0.1', { user: REQUESTER, channel }))).toBe('Refused: 10.0.0.1 is in a private network range (10.0.0.0/8): only public internet addresses can be blocked.');
    const audit = await auditPage(e.app.store, { limit: 100 });
    expect(audit.filter((a) => a.action === 'approval.request').map((a) => a.outcome)).toEqual(['refused:invalid-params', 'refused:invalid-params']);
  });

  it('deny from the command ends it; later clicks answer why nothing changes', async () => {
    const { channel } = await incidentWithIp();
    await e.command('block-ip 185.220.101.7', { user: REQUESTER, channel });
    const card = await waitFor('the approval card', () => cardOf(channel));
    expect(answerText(await e.command('deny 1', { user: ANNA, channel }))).toContain('A denial needs a reason');
    expect(answerText(await e.command('deny 1 that is our office NAT', { user: ANNA, channel }))).toBe('Denied request #1.');
    expect(answerText(await e.command('approve 1', { user: CAL, channel }))).toBe('Request #1 is already denied: nothing was changed.');
    await waitFor('the card edited to Denied', () => succeeded(e.fake, 'chat.update', channel).find((c) => c.params.ts === card.ts && blocksText(c.params.blocks).includes('Denied by')));
    expect(executor.calls).toHaveLength(0);
    expect(answerText(await e.command('actions', { user: REQUESTER, channel }))).toContain('*#1* `block_ip` ip=185.220.101.7 — denied');
  });
});

describe('routing rule propose: block_ip', () => {
  let p: SlackE2e;
  let exec: FakeExecutor;
  beforeEach(async () => {
    exec = fakeExecutor();
    p = await startSlackE2e({
      yaml: YAML.replace('routing:\n  defaults: { declare: sev2 }\n', "routing:\n  defaults: { declare: sev2 }\n  rules:\n    - name: login-storm\n      match: { tags: { client_ip: '*' } }\n      propose: block_ip\n"),
      executors: new Map([['fake', exec]]),
    });
  });
  afterEach(() => p.stop());

  it('posts the block request card as soon as the alert declares the incident; an approver runs it', async () => {
    const r = await p.alert({ key: 'login-storm', status: 'firing', severity: 'sev2', title: 'Failed logins from one IP', service: 'auth', tags: { client_ip: '185.220.101.7' } });
    expect(r.status).toBeLessThan(300);
    const incident = await theIncident(p.app);
    const channel = await channelOf(p.app, incident.id);
    const card = await waitFor('the proposed card', () => p.fake.state.messages.find((m) => m.channel === channel && blocksText(m.blocks).includes('Request #1')));
    expect(blocksText(card.blocks)).toContain('proposed by routing rule login-storm');
    expect(blocksText(card.blocks)).toContain('alert:generic');
    expect(answerText(await p.command('approve 1', { user: ANNA, channel }))).toBe('Your approval of request #1 completed the quorum: it is being executed.');
    await waitFor('the executor called', () => exec.calls.length === 1);
  });
});
