// Approvals: the remediation feature's one API — request an action on an incident, approve, deny,
// cancel, settle an unknown outcome, list an incident's requests. Each request is an `approval`
// workflow; the machine's guards are the authority (whatever replica a click lands on), and this
// module answers each click with the reason it did or did not count. Every request, click and
// refusal is appended to the audit log here; executions are audited by the execute effect.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import type { ActionKindName, ApprovalOutcome, ApprovalRefusal, ApprovalView, RequestPhase } from '../domain/approval.js';
import type { Directory, Executor } from '../effects/ports.js';
import type { ActionsConfig } from '../config/actions-schema.js';
import type { LoadedIncident } from '../incidents/index.js';
import { incidentRules } from '../workflows/incident/index.js';
import { approvalRules, type ApprovalContext, type ApprovalInput, type ClickRefusal } from '../workflows/approval/index.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import { recordAudit } from '../store/audit.js';
import { findApproval, listApprovals, registerApproval, type ApprovalRow } from '../store/approvals.js';
import type { Transport } from '../store/transport.js';
import { GroupMembership } from './membership.js';
import { paramsHash, REQUIRED_PARAMS } from './params.js';
import { validateTarget } from './validate.js';
import { DEFAULT_TARGET_RULES, withProtected, type TargetRules } from '../config/remediation-schema.js';
import { loadRequest } from './view.js';

export type { ApprovalOutcome, ApprovalRefusal, ApprovalView } from '../domain/approval.js';
export { approvalEffectSpecs, registerApprovalEffects, type ApprovalEffectDeps } from './effects.js';
export { paramsHash } from './params.js';

export interface ApprovalsDeps {
  store: Transport;
  runner: WorkflowRunner;
  /** The live catalog (SIGHUP may swap it); a request snapshots its entry. */
  catalog: () => ActionsConfig;
  /** Protected addresses and accounts, the widest block (`remediation:`); each entry's own `protected` joins them. */
  rules?: () => TargetRules;
  /** access.roles: a catalog entry's approver roles are expanded into their groups and users when a request is made. */
  roles?: () => Readonly<Record<string, { groups: readonly string[]; users: readonly string[] }>>;
  executors: ReadonlyMap<string, Executor>;
  /** Approver groups are checked here at click time (cached at most 60 s); null: only listed users count. */
  directory: Pick<Directory, 'groupMembers'> | null;
  /** Workflows were created or events queued: deliver them now. */
  wake: () => void;
  now?: () => Date;
  newId?: () => string;
  onError?: (what: string, err: unknown) => void;
}

export interface RequestInput {
  incident: LoadedIncident;
  /** The kind the command asks for: the catalog entry must be of it. */
  kind?: ActionKindName;
  /** The catalog entry's name. */
  action: string;
  params: Record<string, string>;
  reason: string | null;
  actor: Actor;
  /** `--break-glass <justification>`: a commander runs a high-risk action alone. */
  breakGlass?: string | null;
  /** Overrides the entry's TTL for an IP block (`for 2h`). */
  ttlMs?: number | null;
}

/** A request named by number (`/incident approve 12`) or id (a button's value). */
export type RequestRef = { number: number } | { id: string };

export interface ApprovalListItem {
  id: string;
  number: number;
  action: string;
  phase: RequestPhase;
  requester: string | null;
  params: Record<string, string>;
  expiresAt: string | null;
}

export interface Approvals {
  request(req: RequestInput): Promise<ApprovalOutcome>;
  /** `paramsHash`: what the clicker saw (the card's button); a typed approval approves the request as it stands. */
  approve(ref: RequestRef, actor: Actor, opts?: { paramsHash?: string }): Promise<ApprovalOutcome>;
  deny(ref: RequestRef, actor: Actor, reason: string): Promise<ApprovalOutcome>;
  cancel(ref: RequestRef, actor: Actor): Promise<ApprovalOutcome>;
  settle(ref: RequestRef, actor: Actor, decision: 'retry' | 'done' | 'failed'): Promise<ApprovalOutcome>;
  list(incidentId: string): Promise<ApprovalListItem[]>;
  read(id: string): Promise<ApprovalView | null>;
}

/** Named users and groups plus those of the named roles, each once. */
function approversOf(a: { users: string[]; groups: string[]; roles?: string[] }, roles: Readonly<Record<string, { groups: readonly string[]; users: readonly string[] }>>) {
  const named = (a.roles ?? []).map((r) => (Object.hasOwn(roles, r) ? roles[r]! : { groups: [], users: [] }));
  return { users: [...new Set([...a.users, ...named.flatMap((r) => r.users)])], groups: [...new Set([...a.groups, ...named.flatMap((r) => r.groups)])] };
}

export function newRequestId(): string {
  return `apr_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}

const refused = (refusal: ApprovalRefusal): ApprovalOutcome => ({ ok: false, refusal });

function fromClick(r: ClickRefusal, number: number): ApprovalRefusal {
  switch (r.kind) {
    case 'ended':
      return { kind: 'ended', number, phase: r.phase };
    case 'not-unknown':
      return { kind: 'not-unknown', number, phase: r.phase };
    default:
      return { kind: r.kind, number };
  }
}

export function createApprovals(deps: ApprovalsDeps): Approvals {
  const { store, runner } = deps;
  const now = () => (deps.now ?? (() => new Date()))();
  const membership = new GroupMembership(deps.directory, () => now().getTime());
  const nextId = deps.newId ?? newRequestId;

  const audit = (actor: Actor, action: string, subject: string | null, params: unknown, outcome: string) =>
    recordAudit(store, { actor, action, subject, params, outcome }).catch((err: unknown) => deps.onError?.(`record audit ${action}`, err));
  const outcomeWord = (o: ApprovalOutcome) => (o.ok ? 'ok' : `refused:${o.refusal.kind}`);

  async function find(ref: RequestRef): Promise<{ row: ApprovalRow; context: ApprovalContext; active: boolean } | null> {
    const row = await findApproval(store, ref);
    if (!row) return null;
    const wf = await runner.read(row.id);
    if (!wf) return null;
    return { row, context: wf.context as ApprovalContext, active: wf.status === 'active' };
  }
  const refName = (ref: RequestRef) => ('number' in ref ? `#${ref.number}` : ref.id);
  const view = async (id: string): Promise<ApprovalView | null> => (await loadRequest(store, runner, id))?.view ?? null;

  /** One click: found, checked (for the answer), sent (the machine decides), then read back. */
  async function click(
    what: string,
    ref: RequestRef,
    actor: Actor,
    params: unknown,
    check: (c: ApprovalContext, memberOf: string[]) => ClickRefusal | null,
    event: (memberOf: string[], c: ApprovalContext) => { type: string; [k: string]: unknown },
    counted: (before: ApprovalContext, after: ApprovalContext) => boolean,
  ): Promise<ApprovalOutcome> {
    const found = await find(ref);
    if (!found) {
      const o = refused({ kind: 'no-such-request', ref: refName(ref) });
      await audit(actor, what, null, { ref: refName(ref), ...(params as object) }, outcomeWord(o));
      return o;
    }
    const { row, context } = found;
    const memberOf = await membership.memberOf(actor.id, context.approvers.groups);
    const before = check(context, memberOf);
    let outcome: ApprovalOutcome;
    if (before) outcome = refused(fromClick(before, row.number));
    else {
      const sent = await runner.send(row.id, { ...event(memberOf, context), actor: actor.id });
      if (!sent.ok) {
        if (sent.error.kind === 'not-active') {
          const latest = await runner.read(row.id);
          outcome = refused({ kind: 'ended', number: row.number, phase: (latest?.context as ApprovalContext | undefined)?.phase ?? context.phase });
        } else {
          deps.onError?.(`${what} request ${row.id}`, new Error(`${sent.error.kind}: ${sent.error.message}`));
          outcome = refused({ kind: 'unavailable' });
        }
      } else {
        const after = sent.context as ApprovalContext;
        if (counted(context, after)) {
          deps.wake();
          const v = await view(row.id);
          outcome = v ? { ok: true, request: v } : refused({ kind: 'unavailable' });
        } else {
          // Raced: another click (on any replica) decided it first.
          outcome = refused(fromClick(check(after, memberOf) ?? { kind: 'ended', phase: after.phase }, row.number));
        }
      }
    }
    await audit(actor, what, row.id, { number: row.number, incident: row.incident_id, action: row.action, ...(params as object) }, outcomeWord(outcome));
    return outcome;
  }

  return {
    async request(req) {
      const { incident, actor } = req;
      const entry = Object.hasOwn(deps.catalog(), req.action) ? deps.catalog()[req.action] : undefined;
      const auditParams = { incident: incident.view.id, action: req.action, params: req.params, reason: req.reason, breakGlass: req.breakGlass ?? null };
      const done = async (o: ApprovalOutcome) => {
        await audit(actor, 'approval.request', o.ok ? o.request.id : incident.view.id, auditParams, outcomeWord(o));
        return o;
      };
      if (!entry || (req.kind !== undefined && entry.kind !== req.kind)) {
        const known = Object.values(deps.catalog()).filter((e) => req.kind === undefined || e.kind === req.kind).map((e) => e.name);
        return done(refused({ kind: 'unknown-action', action: req.action, known }));
      }
      if (!incidentRules.isOpen(incident.view.status)) return done(refused({ kind: 'incident-closed' }));
      const missing = REQUIRED_PARAMS[entry.kind].find((p) => !req.params[p]?.trim());
      const checked = missing ? { ok: false as const, reason: `${missing} is required` } : validateTarget(entry.kind, req.params, withProtected(deps.rules?.() ?? DEFAULT_TARGET_RULES, entry.protected));
      if (!checked.ok) return done(refused({ kind: 'invalid-params', reason: checked.reason }));
      const executor = deps.executors.get(entry.executor);
      if (!executor || !executor.configured()) return done(refused({ kind: 'executor-unavailable', executor: entry.executor }));
      const commanders = [incident.context.roles.commander].filter((c): c is string => !!c);
      if (req.breakGlass != null && !commanders.includes(actor.id)) return done(refused({ kind: 'not-a-commander' }));

      const id = nextId();
      const number = await registerApproval(store, { id, incidentId: incident.view.id, action: entry.name, kind: entry.kind });
      const input: ApprovalInput = {
        id, number, incidentId: incident.view.id, action: entry.name, kind: entry.kind, params: checked.params,
        paramsHash: paramsHash(entry.name, checked.params), reason: req.reason, requester: actor.id, requestedAt: now().toISOString(),
        risk: entry.risk, approvers: approversOf(entry.approvers, deps.roles?.() ?? {}), required: entry.approvalsRequired, expiryMs: entry.expiryMs, executor: entry.executor,
        idempotent: executor.idempotent, liftAfterMs: entry.kind === 'block_ip' ? (req.ttlMs !== undefined ? req.ttlMs : entry.ttlMs) : null,
        commanders, breakGlass: req.breakGlass != null ? { justification: req.breakGlass } : null, dmApprovers: entry.dmApprovers,
      };
      const started = await runner.start('approval', id, input);
      if (!started.ok) {
        deps.onError?.(`start request ${id}`, new Error(`${started.error.kind}: ${started.error.message}`));
        return done(refused({ kind: 'unavailable' }));
      }
      deps.wake();
      const v = await view(id);
      return done(v ? { ok: true, request: v } : refused({ kind: 'unavailable' }));
    },

    approve(ref, actor, opts = {}) {
      return click(
        'approval.approve', ref, actor, { paramsHash: opts.paramsHash ?? null },
        (c, memberOf) => approvalRules.approveRefusal(c, { user: actor.id, memberOf, paramsHash: opts.paramsHash ?? c.paramsHash }),
        (memberOf, c) => ({ type: 'approval.approve', memberOf, paramsHash: opts.paramsHash ?? c.paramsHash }),
        (_b, a) => a.approvals.some((x) => x.user === actor.id),
      );
    },

    deny(ref, actor, reason) {
      return click(
        'approval.deny', ref, actor, { reason },
        (c, memberOf) => approvalRules.denyRefusal(c, { user: actor.id, memberOf }),
        (memberOf) => ({ type: 'approval.deny', memberOf, reason }),
        (_b, a) => a.denial?.by === actor.id,
      );
    },

    cancel(ref, actor) {
      return click(
        'approval.cancel', ref, actor, {},
        (c) => approvalRules.cancelRefusal(c, actor.id),
        () => ({ type: 'approval.cancel' }),
        (_b, a) => a.cancelledBy === actor.id,
      );
    },

    settle(ref, actor, decision) {
      return click(
        'approval.settle', ref, actor, { decision },
        (c, memberOf) => approvalRules.settleRefusal(c, { user: actor.id, memberOf }),
        (memberOf) => ({ type: 'approval.settle', decision, memberOf }),
        (b, a) => a.settledBy?.user === actor.id && (a.runs > b.runs || a.phase !== b.phase),
      );
    },

    async list(incidentId) {
      const rows = await listApprovals(store, incidentId);
      return rows.map((r) => {
        const s = (r.summary ?? {}) as { phase?: RequestPhase; requester?: string; params?: Record<string, string>; expiresAt?: string };
        return { id: r.id, number: r.number, action: r.action, phase: s.phase ?? 'awaiting', requester: s.requester ?? null, params: s.params ?? {}, expiresAt: s.expiresAt ?? null };
      });
    },

    read: view,
  };
}
