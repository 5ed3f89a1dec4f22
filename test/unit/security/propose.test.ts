// Tests: a detection's proposal → an approval request — the catalog entry of the proposed kind, the
// key's IP or user as the target, Firebreak as the requester, once per target per incident.
import { describe, expect, it } from 'vitest';
import type { ActionEntry } from '../../../src/config/actions-schema.js';
import type { ApprovalListItem, ApprovalOutcome, Approvals, RequestInput } from '../../../src/approvals/index.js';
import type { LoadedIncident } from '../../../src/incidents/index.js';
import type { FiringProposal } from '../../../src/security/index.js';
import { createProposer, proposalParams } from '../../../src/security/propose.js';

const entry = (name: string, kind: ActionEntry['kind']): ActionEntry => ({
  name, kind, executor: 'edge', risk: 'high', approvers: { groups: [], users: ['U0SEC'], roles: [] }, approvalsRequired: 1, expiryMs: 900_000,
  perHour: 10, ttlMs: 86_400_000, dmApprovers: false, protected: [], settings: {},
});

const proposal = (over: Partial<FiringProposal> = {}): FiringProposal => ({
  firingId: 7, rule: 'failed-login-burst', action: 'block_ip', key: { ip: '185.220.101.7' }, incidentId: 'inc_1', ttlMs: 3_600_000, reason: 'ten failed logins', ...over,
});

function fakes(existing: ApprovalListItem[] = [], answer: ApprovalOutcome | null = null) {
  const asked: RequestInput[] = [];
  const approvals: Pick<Approvals, 'request' | 'list'> = {
    list: async () => existing,
    request: async (req) => {
      asked.push(req);
      return answer ?? ({ ok: true, request: { number: 3, phase: 'awaiting' } } as unknown as ApprovalOutcome);
    },
  };
  const incidents = { read: async (id: string) => (id === 'inc_1' ? ({ view: { id } } as unknown as LoadedIncident) : null) };
  return { asked, approvals, incidents };
}

const item = (phase: ApprovalListItem['phase'], params: Record<string, string>): ApprovalListItem => ({
  id: 'apr_1', number: 2, action: 'edge-block', phase, requester: 'firebreak', params, expiresAt: null,
});

describe('createProposer', () => {
  const catalog = () => ({ 'edge-block': entry('edge-block', 'block_ip'), lock: entry('lock', 'disable_account') });

  it('requests the catalog entry of the proposed kind for the key, as Firebreak, with the rule\'s TTL', async () => {
    const f = fakes();
    const outcome = await createProposer({ ...f, catalog })(proposal());
    expect(outcome).toEqual({ kind: 'requested', number: 3, phase: 'awaiting' });
    expect(f.asked).toHaveLength(1);
    expect(f.asked[0]).toMatchObject({ kind: 'block_ip', action: 'edge-block', params: { ip: '185.220.101.7' }, reason: 'ten failed logins', ttlMs: 3_600_000, actor: { id: 'firebreak', via: 'firebreak' } });
  });

  it('disables the key\'s user, with no TTL', async () => {
    const f = fakes();
    await createProposer({ ...f, catalog })(proposal({ action: 'disable_account', key: { user: 'mallory@example.com' } }));
    expect(f.asked[0]).toMatchObject({ kind: 'disable_account', action: 'lock', params: { account: 'mallory@example.com' } });
    expect(f.asked[0]).not.toHaveProperty('ttlMs');
  });

  it('does not ask again while a request for the same target stands, but does after one was denied', async () => {
    const standing = fakes([item('awaiting', { ip: '185.220.101.7' })]);
    expect(await createProposer({ ...standing, catalog })(proposal())).toEqual({ kind: 'already', number: 2 });
    expect(standing.asked).toHaveLength(0);
    const denied = fakes([item('denied', { ip: '185.220.101.7' }), item('succeeded', { ip: '185.220.101.8' })]);
    expect(await createProposer({ ...denied, catalog })(proposal())).toMatchObject({ kind: 'requested' });
  });

  it('says why nothing was proposed: no catalog entry, no key to act on, a refusal; and throws when approvals are away', async () => {
    const f = fakes();
    expect(await createProposer({ ...f, catalog: () => ({}) })(proposal())).toEqual({ kind: 'refused', why: 'no block_ip action in the catalog (actions: in firebreak.yaml)' });
    expect(await createProposer({ ...f, catalog })(proposal({ key: { user: 'x' } }))).toEqual({ kind: 'refused', why: 'the rule\'s key carries no ip to act on' });
    const invalid = fakes([], { ok: false, refusal: { kind: 'invalid-params', reason: '10.0.0.1 is in a reserved range' } });
    expect(await createProposer({ ...invalid, catalog })(proposal())).toEqual({ kind: 'refused', why: '10.0.0.1 is in a reserved range' });
    const away = fakes([], { ok: false, refusal: { kind: 'unavailable' } });
    await expect(createProposer({ ...away, catalog })(proposal())).rejects.toThrow('approvals unavailable');
    expect(f.asked).toHaveLength(0);
  });

  it('takes the IP or the user from the key', () => {
    expect(proposalParams({ action: 'block_ip', key: { ip: '185.220.101.7', user: 'u' } })).toEqual({ ip: '185.220.101.7' });
    expect(proposalParams({ action: 'disable_account', key: { user_id: 'u-1' } })).toEqual({ account: 'u-1' });
    expect(proposalParams({ action: 'block_ip', key: { user: 'u' } })).toBeNull();
  });
});
