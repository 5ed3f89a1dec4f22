// Security signals: a firing's proposed remediation (`propose:` on a detection rule) asked of the
// approval gates in the incident the firing declared or joined — block_ip the key's address for the
// rule's TTL, disable_account the key's user — with the rule and its count as the reason. Requested
// as Firebreak itself (never an approver), once per target per incident: a delivery repeated after
// a crash finds the request it made and does not ask again.
import type { ActionsConfig } from '../config/actions-schema.js';
import { SYSTEM_ACTOR } from '../domain/actor.js';
import type { RequestPhase } from '../domain/approval.js';
import type { Approvals } from '../approvals/index.js';
import type { Incidents } from '../incidents/index.js';
import type { FiringProposal, ProposalOutcome } from './index.js';

export interface ProposerDeps {
  approvals: Pick<Approvals, 'request' | 'list'>;
  incidents: Pick<Incidents, 'read'>;
  /** The live remediation catalog (`actions:`): the first entry of the proposed kind is asked for. */
  catalog: () => ActionsConfig;
}

/** A request in one of these phases still stands (or did its work): the same target is not asked for again. */
const STANDING: ReadonlySet<RequestPhase> = new Set(['awaiting', 'executing', 'succeeded', 'unknown', 'lifting']);

/** The approval request's parameters for a proposal: the address to block, the account to disable. */
export function proposalParams(p: Pick<FiringProposal, 'action' | 'key'>): Record<string, string> | null {
  const value = p.action === 'block_ip' ? p.key.ip : (p.key.user ?? p.key.user_id);
  if (value === undefined || value === '') return null;
  return p.action === 'block_ip' ? { ip: value } : { account: value };
}

export function createProposer(deps: ProposerDeps): (p: FiringProposal) => Promise<ProposalOutcome> {
  return async (p) => {
    const entry = Object.values(deps.catalog()).find((e) => e.kind === p.action);
    if (!entry) return { kind: 'refused', why: `no ${p.action} action in the catalog (actions: in firebreak.yaml)` };
    const params = proposalParams(p);
    if (!params) return { kind: 'refused', why: `the rule's key carries no ${p.action === 'block_ip' ? 'ip' : 'user'} to act on` };
    const incident = await deps.incidents.read(p.incidentId);
    if (!incident) return { kind: 'refused', why: 'the incident is gone' };
    const same = (await deps.approvals.list(p.incidentId)).find((r) =>
      r.action === entry.name && STANDING.has(r.phase) && Object.entries(params).every(([k, v]) => r.params[k] === v));
    if (same) return { kind: 'already', number: same.number };
    const outcome = await deps.approvals.request({
      incident, kind: p.action, action: entry.name, params, reason: p.reason, actor: SYSTEM_ACTOR,
      ...(p.action === 'block_ip' && { ttlMs: p.ttlMs }),
    });
    if (outcome.ok) return { kind: 'requested', number: outcome.request.number, phase: outcome.request.phase };
    // The store or the runner was briefly away: thrown, so the firing stays undelivered and is retried.
    if (outcome.refusal.kind === 'unavailable') throw new Error('approvals unavailable');
    return { kind: 'refused', why: outcome.refusal.kind === 'invalid-params' ? outcome.refusal.reason : outcome.refusal.kind };
  };
}
