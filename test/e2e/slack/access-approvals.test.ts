// E2e (Slack): the access guard in front of the approvals feature — a guest can neither request a
// remediation nor approve one (guests are read-only by default), each refusal answered with the reason
// and recorded; an `access.allow` rule narrows who may request.
import { afterEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../../src/store/audit.js';
import { fakeExecutor } from '../../support/fake-executor.js';
import { answerText, blocksText, channelOf, startSlackE2e, theIncident, waitFor, type SlackE2e } from './harness.js';

const GUEST = 'U0GUEST';
const REQUESTER = 'U0REQ';
const ANNA = 'U0ANNA';

const yaml = (access = '') => `
routing:
  defaults: { declare: sev2 }
actions:
  block_ip:
    executor: fake
    risk: high
    approvers: { users: [${ANNA}, ${GUEST}] }
    approvals_required: 1
${access}`;

let e: SlackE2e | undefined;
afterEach(async () => {
  await e?.stop();
  e = undefined;
});

async function incident(env: SlackE2e) {
  expect(answerText(await env.command('declare sev2 Login storm', { user: REQUESTER, channel: 'CGENERAL' }))).toContain('Declared incident #1');
  return channelOf(env.app, (await theIncident(env.app)).id);
}

describe('access in front of approvals', () => {
  it('refuses a guest’s request and a guest’s approval, with the reason, and records both', async () => {
    e = await startSlackE2e({ yaml: yaml(), executors: new Map([['fake', fakeExecutor()]]), fake: { users: [{ id: GUEST, name: 'guest', guest: 'single' }] } });
    const channel = await incident(e);

    expect(answerText(await e.command('block-ip 185.220.101.7 scanning', { user: GUEST, channel })))
      .toBe('Guests can follow incidents but not change them. Nothing was changed. Ask someone in the incident channel.');
    expect(answerText(await e.command('block-ip 185.220.101.7 scanning', { user: REQUESTER, channel }))).toMatch(/^Requested #1/);
    const card = await waitFor('the approval card', () => e!.fake.state.messages.find((m) => m.channel === channel && blocksText(m.blocks).includes('Request #')));
    const approve = (card.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements![0]!;
    await e.click(approve.action_id, approve.value, { user: GUEST, channel, messageTs: card.ts });
    const answer = await waitFor('the refusal', () => e!.responses.posts.find((p) => p.path.startsWith('/click')));
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Guests can follow incidents') });

    const rows = (await auditPage(e.app.store)).filter((r) => r.actor === GUEST);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['slack.command.block-ip', 'refused:guest'],
      ['slack.button.incident.approve', 'refused:guest'],
    ]);
  });

  it('lets access.allow narrow who may request a block', async () => {
    e = await startSlackE2e({
      yaml: yaml(`access:\n  roles:\n    responders: { users: [${ANNA}] }\n  allow:\n    block-ip: [responders]\n`),
      executors: new Map([['fake', fakeExecutor()]]),
    });
    const channel = await incident(e);
    expect(answerText(await e.command('block-ip 185.220.101.7 scanning', { user: REQUESTER, channel })))
      .toBe('Only `responders` may use `block-ip` here (`access.allow` in firebreak.yaml). Nothing was changed.');
    expect(answerText(await e.command('block-ip 185.220.101.7 scanning', { user: ANNA, channel }))).toMatch(/^Requested #1/);
  });
});
