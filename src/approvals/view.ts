// Approvals: a request as people see it — its workflow's context, plus (for an IP) what the
// incident's alerts say about that IP. Read fresh, so the card is always true.
import type { ApprovalView } from '../domain/approval.js';
import { ipEvidence } from '../store/approvals.js';
import type { Transport } from '../store/transport.js';
import type { ApprovalContext } from '../workflows/approval/index.js';
import type { WorkflowRunner } from '../workflows/runner.js';

export interface LoadedRequest {
  view: ApprovalView;
  context: ApprovalContext;
  workflowStatus: 'active' | 'done' | 'failed';
}

export async function loadRequest(
  store: Transport,
  runner: WorkflowRunner,
  id: string,
  opts: { evidence?: boolean; incidentNumber?: number | null } = {},
): Promise<LoadedRequest | null> {
  const wf = await runner.read(id);
  if (!wf || wf.kind !== 'approval') return null;
  const c = wf.context as ApprovalContext;
  const ip = c.params.ip;
  const evidence = opts.evidence && ip ? await ipEvidence(store, c.incidentId, ip) : null;
  const view: ApprovalView = {
    id: c.id, number: c.number, incidentId: c.incidentId, incidentNumber: opts.incidentNumber ?? null,
    action: c.action, kind: c.kind, params: c.params, paramsHash: c.paramsHash, reason: c.reason, requester: c.requester, risk: c.risk,
    phase: c.phase, required: c.required, approvals: c.approvals.map((a) => ({ user: a.user, at: a.at })), approvers: c.approvers,
    expiresAt: c.expiresAt, brokeGlass: c.brokeGlass, breakGlassJustification: c.brokeGlass ? (c.breakGlass?.justification ?? null) : null,
    denial: c.denial ? { by: c.denial.by, reason: c.denial.reason } : null, cancelledBy: c.cancelledBy, refusal: c.refusal,
    result: c.result ? { ok: c.result.ok, detail: c.result.detail, link: c.result.link, at: c.result.at, durationMs: c.result.durationMs } : null,
    liftAt: c.liftAt,
    lift: c.lift ? { ok: c.lift.ok, detail: c.lift.detail, link: c.lift.link, at: c.lift.at, durationMs: c.lift.durationMs } : null,
    settledBy: c.settledBy,
    evidence: evidence && ip ? { value: ip, alerts: evidence.alerts, occurrences: evidence.occurrences, firstSeen: evidence.first_seen, lastSeen: evidence.last_seen, titles: evidence.titles } : null,
  };
  return { view, context: c, workflowStatus: wf.status };
}
