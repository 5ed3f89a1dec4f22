// Approvals: the handlers of the approval workflow's effects — the card (posted once, edited in
// place), DMs to approvers, copies of its timeline onto the incident's, loud notices, and the
// execution itself: preconditions checked again just before (incident open, target not now
// protected, hourly cap), then the executor, at most once unless it is idempotent.
import { SYSTEM_ACTOR } from '../domain/actor.js';
import { isActionKind, type ApprovalView } from '../domain/approval.js';
import type { ActionsConfig } from '../config/actions-schema.js';
import type { ChatContent } from '../effects/chat-content.js';
import type { Effect, EffectContext, EffectResult, EffectSpec } from '../effects/effect.js';
import type { EffectRegistry } from '../effects/registry.js';
import type { ActionKind, Chat, Directory, Executor, PortResult } from '../effects/ports.js';
import { loadIncident } from '../incidents/view.js';
import { recordAudit } from '../store/audit.js';
import { findApproval, setApprovalCard, takeExecutionSlot } from '../store/approvals.js';
import type { Transport } from '../store/transport.js';
import { appendTimeline } from '../store/workflows.js';
import { approvalTimelineText, type ApprovalContext, type ApprovalEffects, type ExecutionPhase } from '../workflows/approval/index.js';
import { incidentRules } from '../workflows/incident/index.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import { GroupMembership } from './membership.js';
import { validateTarget } from './validate.js';
import { DEFAULT_TARGET_RULES, withProtected, type TargetRules } from '../config/remediation-schema.js';
import { loadRequest } from './view.js';

export interface ApprovalEffectDeps {
  store: Transport;
  runner: WorkflowRunner;
  chat: Chat;
  executors: ReadonlyMap<string, Executor>;
  catalog: () => ActionsConfig;
  rules?: () => TargetRules;
  directory: Pick<Directory, 'groupMembers'> | null;
  now?: () => Date;
}

export type ApprovalEffectSpecs = { [K in keyof ApprovalEffects]: EffectSpec<ApprovalEffects[K]> };

const skipped = (why: string): EffectResult => ({ ok: true, value: { skipped: why } });
const fromPort = <T>(r: PortResult<T>): EffectResult => (r.ok ? { ok: true, value: r.value ?? null } : r);

export function approvalEffectSpecs(deps: ApprovalEffectDeps): ApprovalEffectSpecs {
  const { store, runner, chat } = deps;
  const now = () => (deps.now ?? (() => new Date()))();
  const membership = new GroupMembership(deps.directory, () => now().getTime());
  // One request's chat calls run in commit order: the card is posted before it is edited.
  const byRequest = (p: { requestId: string }) => `approval:${p.requestId}`;

  async function viewWithIncident(requestId: string): Promise<{ view: ApprovalView; context: ApprovalContext; channel: string | null } | null> {
    const loaded = await loadRequest(store, runner, requestId, { evidence: true });
    if (!loaded) return null;
    const incident = await loadIncident(store, runner, loaded.context.incidentId);
    return { view: { ...loaded.view, incidentNumber: incident?.view.number ?? null }, context: loaded.context, channel: incident?.context.channel?.id ?? null };
  }

  const audit = (action: string, subject: string, params: unknown, outcome: string) => recordAudit(store, { actor: SYSTEM_ACTOR, action, subject, params, outcome });

  async function execute(effect: Effect<ApprovalEffects['approval.execute']>, ctx: EffectContext): Promise<EffectResult> {
    const { requestId, phase } = effect.params;
    const loaded = await loadRequest(store, runner, requestId);
    if (!loaded) return skipped('request not found');
    const c = loaded.context;
    const done = effect.done ?? [];
    const send = async (event: { type: string; [k: string]: unknown }) => {
      await ctx.progress?.(`outcome:${JSON.stringify(event)}`);
      await ctx.send({ ...event, phase, actor: 'firebreak' });
    };
    const subject = { number: c.number, incident: c.incidentId, action: c.action, params: c.params, executor: c.executor, run: effect.params.run, phase };
    const what = phase === 'lift' ? 'approval.lift' : 'approval.execute';

    // An earlier attempt got an answer and recorded it: say it again, never call again.
    const told = done.find((p) => p.startsWith('outcome:'));
    if (told) {
      await ctx.send({ ...(JSON.parse(told.slice('outcome:'.length)) as { type: string }), phase, actor: 'firebreak' });
      return { ok: true, value: { repeated: true } };
    }
    // An earlier attempt was handed to the executor and never answered (the process died mid-call).
    const interrupted = done.some((p) => p.startsWith('call:') && !done.includes(`clear:${p.slice(5)}`));
    const executor = deps.executors.get(c.executor);
    if (interrupted && !(executor?.idempotent ?? false)) {
      const detail = 'the call was interrupted (the process stopped) and its answer was lost; it is not re-run by itself';
      await audit(what, requestId, subject, 'unknown');
      await send({ type: 'execution.unknown', detail });
      return { ok: true, value: { unknown: true } };
    }

    // Preconditions, again, just before execution (a lift only needs its executor).
    const refuse = async (reason: string) => {
      await audit(what, requestId, subject, `refused:${reason}`);
      await send({ type: 'execution.refused', reason });
      return { ok: true, value: { refused: reason } } as EffectResult;
    };
    if (!executor || !executor.configured()) return refuse(`executor ${c.executor} is not configured`);
    let kind = c.kind;
    let params: Record<string, string> = { ...c.params };
    if (phase === 'action') {
      const incident = await loadIncident(store, runner, c.incidentId);
      if (!incident || !incidentRules.isOpen(incident.view.status)) return refuse(`incident is ${incident?.view.status ?? 'gone'}`);
      const entry = Object.hasOwn(deps.catalog(), c.action) ? deps.catalog()[c.action] : undefined;
      if (!entry) return refuse(`action ${c.action} is no longer in the catalog`);
      const checked = isActionKind(c.kind) ? validateTarget(c.kind, c.params, withProtected(deps.rules?.() ?? DEFAULT_TARGET_RULES, entry.protected)) : { ok: false as const, reason: `unknown kind ${c.kind}` };
      if (!checked.ok) return refuse(checked.reason);
      const slot = await takeExecutionSlot(store, requestId, c.action, entry.perHour);
      if (!slot.ok) return refuse(`hourly cap reached: ${entry.perHour} ${c.action} per hour`);
    } else {
      kind = 'unblock_ip';
      params = { ip: c.params.ip ?? '', ...(c.result?.reference ? { reference: c.result.reference } : {}) };
    }

    await ctx.progress?.(`call:${effect.attempt}`);
    const started = performance.now();
    let result: PortResult<Awaited<ReturnType<Executor['execute']>> extends PortResult<infer T> ? T : never>;
    try {
      result = await executor.execute(
        {
          requestId: phase === 'lift' ? `${requestId}:lift` : requestId, kind: kind as ActionKind, action: c.action, params,
          settings: deps.catalog()[c.action]?.settings ?? {},
          note: `Firebreak request #${c.number} by ${c.requester}${c.reason ? `: ${c.reason}` : ''}${phase === 'lift' ? ' (lift after TTL)' : ''}`,
        },
        ctx.signal,
      );
    } catch (err) {
      result = { ok: false, error: { kind: 'retry', message: err instanceof Error ? err.message : String(err) } };
    }
    const durationMs = Math.round(performance.now() - started);
    if (result.ok) {
      await audit(what, requestId, { ...subject, detail: result.value.detail, link: result.value.link ?? null, durationMs }, 'executed');
      await send({ type: 'execution.succeeded', detail: result.value.detail, link: result.value.link ?? null, reference: result.value.reference ?? null, durationMs });
      return { ok: true, value: { executed: true } };
    }
    const error = result.error;
    if (error.kind === 'rate-limited') {
      // The vendor refused before doing anything: safe to try again, idempotent or not.
      await ctx.progress?.(`clear:${effect.attempt}`);
      return { ok: false, error };
    }
    if (error.kind === 'give-up') {
      await audit(what, requestId, { ...subject, durationMs }, `failed:${error.message.slice(0, 200)}`);
      await send({ type: 'execution.failed', detail: error.message.slice(0, 500), durationMs });
      return { ok: true, value: { failed: true } };
    }
    if (executor.idempotent) return { ok: false, error };
    await audit(what, requestId, { ...subject, durationMs }, 'unknown');
    await send({ type: 'execution.unknown', detail: error.message.slice(0, 500) });
    return { ok: true, value: { unknown: true } };
  }

  return {
    'approval.card': {
      orderingKey: byRequest,
      handler: async (effect) => {
        const found = await viewWithIncident(effect.params.requestId);
        if (!found) return skipped('request not found');
        const content: ChatContent = { kind: 'approval', request: found.view, now: now().toISOString() };
        const row = await findApproval(store, { id: effect.params.requestId });
        if (row?.card_channel && row.card_ts) return fromPort(await chat.update(row.card_channel, row.card_ts, content));
        if (!found.channel) return { ok: false, error: { kind: 'retry', message: 'the incident has no channel yet' } };
        const posted = await chat.post(found.channel, content, { idempotencyKey: `approval:${effect.params.requestId}:card`, retry: effect.attempt > 1 });
        if (!posted.ok) return posted;
        const card = await setApprovalCard(store, effect.params.requestId, found.channel, posted.value.ts);
        // Posted from an older state than the latest (another replica moved it on meanwhile): edit once.
        if (card && card.ts !== posted.value.ts) return fromPort(await chat.update(card.channel, card.ts, content));
        return { ok: true, value: posted.value };
      },
    },
    'approval.dmApprovers': {
      orderingKey: byRequest,
      handler: async (effect, ctx) => {
        const found = await viewWithIncident(effect.params.requestId);
        if (!found) return skipped('request not found');
        const { approvers, requester } = found.context;
        const users = [...new Set([...approvers.users, ...(await membership.everyone(approvers.groups))])].filter((u) => u !== requester);
        const content: ChatContent = { kind: 'approval', request: found.view, now: now().toISOString() };
        for (const user of users) {
          if (effect.done?.includes(`dm:${user}`)) continue;
          const r = await chat.directMessage(user, content, { idempotencyKey: `approval:${effect.params.requestId}:dm:${user}`, retry: effect.attempt > 1 });
          if (!r.ok) return r;
          await ctx.progress?.(`dm:${user}`);
        }
        return { ok: true, value: { users: users.length } };
      },
    },
    'approval.record': {
      handler: async (effect, ctx) => {
        const { requestId, incidentId, kind, data, actor } = effect.params;
        if (!effect.done?.includes('timeline')) {
          await appendTimeline(store, incidentId, { kind, actor, message: approvalTimelineText(kind, data), data: { requestId, ...(data as object) } });
          await ctx.progress?.('timeline');
        }
        // Steps no person took are audited here; people's clicks are audited by the approvals API.
        if (kind === 'approval.expired' && !effect.done?.includes('audit')) {
          await audit('approval.expire', requestId, data, 'expired');
          await ctx.progress?.('audit');
        }
        return { ok: true };
      },
    },
    'approval.announce': {
      orderingKey: byRequest,
      handler: async (effect) => {
        const found = await viewWithIncident(effect.params.requestId);
        if (!found) return skipped('request not found');
        if (!found.channel) return { ok: false, error: { kind: 'retry', message: 'the incident has no channel yet' } };
        const content: ChatContent = { kind: 'approval-notice', request: found.view, what: effect.params.what };
        return fromPort(await chat.post(found.channel, content, { idempotencyKey: effect.idempotencyKey, retry: effect.attempt > 1 }));
      },
    },
    'approval.execute': {
      // Never behind a chat call of the same request: its own key.
      orderingKey: (p) => `approval-execute:${p.requestId}`,
      handler: execute,
      onDead: async (effect, error, ctx) => {
        await ctx.send({ type: 'execution.failed', phase: effect.params.phase as ExecutionPhase, detail: error.slice(0, 500), actor: 'firebreak' });
      },
    },
  };
}

export function registerApprovalEffects(registry: EffectRegistry, deps: ApprovalEffectDeps): void {
  for (const [type, spec] of Object.entries(approvalEffectSpecs(deps))) registry.define(type, spec as EffectSpec);
}
