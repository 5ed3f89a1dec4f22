// Unit: the access guard in front of every Slack interaction the incident gate does not cover —
// another feature's subcommand or button is checked by its name; incident ones pass to the gate.
import { describe, expect, it } from 'vitest';
import { createAccess } from '../../../../src/access/index.js';
import { accessSchema, toAccessConfig } from '../../../../src/config/access-schema.js';
import { buttonAction, guardInteractions } from '../../../../src/edges/slack/access-guard.js';
import { canonicalSubcommand } from '../../../../src/edges/slack/commands/index.js';
import { createLocalDirectory } from '../../../../src/integrations/slack/local-directory.js';
import { silentLogger } from '../../../../src/observability/observer.js';
import type { Transport } from '../../../../src/store/transport.js';

function setup(raw: unknown = {}) {
  const audit: Array<Record<string, unknown>> = [];
  const store = { kind: 'embedded', rpc: async (_fn: string, args: { p_entry: Record<string, unknown> }) => (audit.push(args.p_entry), { id: 1, at: '' }) } as unknown as Transport;
  const access = createAccess({
    directory: createLocalDirectory({ guests: ['U0GUEST'], groups: { S0SEC: ['U0SEC'] } }),
    store,
    settings: () => toAccessConfig(accessSchema.parse(raw)),
  });
  // Another feature's subcommand (approvals' block-ip) beside the registry's own.
  const subcommandOf = (text: string) => (text.startsWith('block-ip') ? 'block-ip' : canonicalSubcommand(text));
  const guard = guardInteractions({ access, store, log: silentLogger, subcommandOf });
  const run = async (args: Record<string, unknown>) => {
    const acks: unknown[] = [];
    const responses: unknown[] = [];
    let next = false;
    await guard({
      ...args,
      ack: async (r?: unknown) => void acks.push(r ?? null),
      respond: async (r: unknown) => void responses.push(r),
      next: async () => void (next = true),
    } as unknown as Parameters<typeof guard>[0]);
    return { next, acks, responses };
  };
  const command = (user: string, text: string) => run({ command: { user_id: user, team_id: 'T0ACME', text }, body: { command: '/incident', text } });
  const click = (user: string, actionId: string) => run({ body: { type: 'block_actions', user: { id: user, team_id: 'T0ACME' }, actions: [{ action_id: actionId }] } });
  return { audit, command, click, run };
}

describe('access guard', () => {
  it('leaves incident commands and buttons to the gate, and lets a member run another feature’s command', async () => {
    const g = setup();
    expect((await g.command('U0GUEST', 'resolve #1 fixed')).next).toBe(true);
    expect((await g.click('U0GUEST', 'incident.acknowledge')).next).toBe(true);
    expect((await g.command('U0ANN', 'block-ip 203.0.113.9')).next).toBe(true);
    expect(g.audit).toEqual([]);
  });

  it('refuses a guest another feature’s command, answering why and recording it', async () => {
    const g = setup();
    const r = await g.command('U0GUEST', 'block-ip 203.0.113.9');
    expect(r.next).toBe(false);
    expect(r.acks).toEqual([{ response_type: 'ephemeral', text: expect.stringContaining('Guests can follow incidents but not change them') }]);
    expect(g.audit).toEqual([expect.objectContaining({ actor: 'U0GUEST', team: 'T0ACME', via: 'slack', action: 'slack.command.block-ip', outcome: 'refused:guest' })]);
  });

  it('checks a button by its name against access.allow: Approve only for the role listed', async () => {
    const g = setup({ roles: { 'security-approvers': { groups: ['S0SEC'] } }, allow: { approve: ['security-approvers'] } });
    expect((await g.click('U0SEC', 'incident.approve')).next).toBe(true);
    const r = await g.click('U0ANN', 'incident.approve');
    expect(r.next).toBe(false);
    expect(r.acks).toEqual([null]);
    expect(r.responses).toEqual([{ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('Only `security-approvers` may use `approve`') }]);
    expect(g.audit).toEqual([expect.objectContaining({ actor: 'U0ANN', action: 'slack.button.incident.approve', outcome: 'refused:not-allowed' })]);
  });

  it('refuses a guest a message shortcut (Add to timeline) by its name', async () => {
    const g = setup();
    const shortcut = (user: string) => g.run({ body: { type: 'message_action', callback_id: 'incident.add_to_timeline', user: { id: user, team_id: 'T0ACME' } } });
    expect((await shortcut('U0ANN')).next).toBe(true);
    const r = await shortcut('U0GUEST');
    expect(r.next).toBe(false);
    expect(r.responses).toEqual([expect.objectContaining({ text: expect.stringContaining('Guests can follow incidents') })]);
    expect(g.audit).toEqual([expect.objectContaining({ action: 'slack.shortcut.incident.add_to_timeline', outcome: 'refused:guest' })]);
  });

  it('names buttons without their prefix', () => {
    expect(buttonAction('incident.approve')).toBe('approve');
    expect(buttonAction('incident.deny_request')).toBe('deny-request');
  });
});
