// Diagnostics: the handlers of a run's effects — each source asked as its own effect (bounded by the
// run's timeout, through the shared cache, at most `max_concurrent` at once per replica so paging and
// Slack keep their dispatcher slots), its evidence kept on the incident's timeline, and the one
// message in the incident channel posted and then edited in place as answers land.
import type { Deploy, DiagnosticsReport, DiagnosticsSourceName, SourceAnswer } from '../domain/diagnostics.js';
import type { DiagnosticsQuery, DiagnosticsSource } from '../effects/diagnostics-source.js';
import type { EffectResult, EffectSpec } from '../effects/effect.js';
import type { Chat } from '../effects/ports.js';
import type { EffectRegistry } from '../effects/registry.js';
import type { Redactor } from '../observability/redact.js';
import type { Transport } from '../store/transport.js';
import { appendTimeline, listTimeline } from '../store/workflows.js';
import type { DiagnosticsEffects, DiagnosticsRunContext } from '../workflows/diagnostics/index.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import { loadIncident } from '../incidents/view.js';
import { askSource } from './answer.js';
import type { DiagnosticsSettings } from './settings.js';
import { subjectOf } from './subject.js';

export interface DiagnosticsEffectDeps {
  store: Transport;
  runner: WorkflowRunner;
  chat: Chat;
  sources: ReadonlyMap<DiagnosticsSourceName, DiagnosticsSource>;
  settings: () => DiagnosticsSettings;
  redact: Redactor;
  now?: () => Date;
  /** Told of every answer (the on-call list goes on the pinned summary). */
  onAnswer?: (incidentId: string, source: DiagnosticsSourceName, answer: SourceAnswer) => Promise<void>;
}

/** Evidence rows: `diagnostics.evidence` per source answer; deploys also as `change.deploy`, once each. */
export const EVIDENCE_KIND = 'diagnostics.evidence';
export const CHANGE_KIND = 'change.deploy';

/** How long a render waits for the incident channel between tries (the channel is being created). */
const NO_CHANNEL_RETRY_MS = 150;

const skipped = (reason: string, now: Date): SourceAnswer => ({ status: 'skipped', reason, at: now.toISOString() });

export function diagnosticsEffectSpecs(deps: DiagnosticsEffectDeps): { [K in keyof DiagnosticsEffects]: EffectSpec<DiagnosticsEffects[K]> } {
  const now = deps.now ?? (() => new Date());
  let running = 0;

  return {
    'diagnostics.query': {
      // Sources of one run run side by side: no ordering key.
      orderingKey: () => null,
      maxAttempts: 3,
      handler: async (effect, ctx): Promise<EffectResult> => {
        const p = effect.params;
        const { config } = deps.settings();
        if (running >= config.maxConcurrent) {
          // Our own cap, not the source's fault: back off briefly without using up an attempt.
          return { ok: false, error: { kind: 'rate-limited', message: 'diagnostics: too many sources in flight on this replica', retryAfterMs: 250 } };
        }
        running++;
        const askedAt = now();
        let asked: DiagnosticsQuery | null = null;
        let answer: SourceAnswer;
        try {
          const incident = await loadIncident(deps.store, deps.runner, p.incidentId);
          const source = deps.sources.get(p.source);
          if (!incident) answer = skipped('the incident no longer exists', now());
          else if (!config.sources[p.source]) answer = skipped('turned off in firebreak.yaml', now());
          else if (!source || !source.configured()) answer = skipped('not configured', now());
          else {
            const ask = source.ask(await subjectOf(deps.store, incident, deps.settings()));
            if (!ask.ok) answer = skipped(ask.reason, now());
            else {
              asked = ask.query;
              answer = await askSource(source, ask.query, {
                store: deps.store, redact: deps.redact, now, cacheMs: config.cacheMs, timeoutMs: p.timeoutMs, signal: ctx.signal,
              });
            }
          }
        } finally {
          running--;
        }

        if (!(effect.done ?? []).includes('evidence')) {
          await recordEvidence(deps, p, asked, answer, askedAt);
          await ctx.progress?.('evidence');
        }
        await deps.onAnswer?.(p.incidentId, p.source, answer).catch(() => {});
        // Who is on call goes on the pinned summary too (the incident workflow keeps the latest list).
        if (answer.status === 'ok' && answer.finding.source === 'pagerduty' && answer.finding.policy !== null) {
          const onCall = { policy: answer.finding.policy.name, people: answer.finding.onCall.map((o) => ({ level: o.level, name: o.name })), at: answer.at };
          await deps.runner.send(p.incidentId, { type: 'diagnostics.onCall', onCall, actor: 'firebreak' });
        }
        await ctx.send({ type: 'diagnostics.answered', source: p.source, answer, actor: 'firebreak' });
        return { ok: true, value: { status: answer.status } };
      },
    },

    'diagnostics.render': {
      // One run's renders in commit order: the first posts, the later ones edit.
      orderingKey: (params) => `diagnostics:render:${params.runId}`,
      // Waiting for the channel uses attempts: 200 × 150 ms ≈ 30 s before the run gives up on it.
      maxAttempts: 200,
      handler: async (effect, ctx): Promise<EffectResult> => {
        const run = await deps.runner.read(effect.params.runId);
        if (!run) return { ok: true, value: { skipped: 'run not found' } };
        const c = run.context as DiagnosticsRunContext;
        const incident = await loadIncident(deps.store, deps.runner, c.incidentId);
        if (!incident) return { ok: true, value: { skipped: 'incident not found' } };
        const { view } = incident;
        const report: DiagnosticsReport = {
          incident: { id: view.id, number: view.number, title: view.title, service: view.service },
          trigger: c.trigger, requestedBy: c.requestedBy, startedAt: c.startedAt, sources: c.sources, answers: c.answers,
        };
        const content = { kind: 'diagnostics' as const, report, now: now().toISOString() };
        if (c.message) {
          const r = await deps.chat.update(c.message.channel, c.message.ts, content);
          return r.ok ? { ok: true } : r;
        }
        const channel = view.channel?.id;
        if (!channel) {
          if (view.status === 'closed') return { ok: true, value: { skipped: 'incident closed without a channel' } };
          return { ok: false, error: { kind: 'retry', message: 'the incident channel does not exist yet', retryAfterMs: NO_CHANNEL_RETRY_MS } };
        }
        const r = await deps.chat.post(channel, content, { idempotencyKey: `${c.runId}:message`, retry: effect.attempt > 1 });
        if (!r.ok) return r;
        await ctx.send({ type: 'diagnostics.posted', channel, ts: r.value.ts, actor: 'firebreak' });
        return { ok: true, value: { ts: r.value.ts } };
      },
    },
  };
}

export function registerDiagnosticsEffects(registry: EffectRegistry, deps: DiagnosticsEffectDeps): void {
  for (const [type, spec] of Object.entries(diagnosticsEffectSpecs(deps))) registry.define(type, spec as EffectSpec);
}

/**
 * What was asked, what came back, when — on the incident's own timeline. The declaration's run is
 * the snapshot (`snapshot: true`): rows are append-only, so what responders saw stays as it was.
 */
async function recordEvidence(
  deps: DiagnosticsEffectDeps,
  p: DiagnosticsEffects['diagnostics.query'],
  asked: DiagnosticsQuery | null,
  answer: SourceAnswer,
  askedAt: Date,
): Promise<void> {
  const cached = answer.status === 'ok' && answer.cached;
  await appendTimeline(deps.store, p.incidentId, {
    kind: EVIDENCE_KIND,
    actor: 'firebreak',
    message: `Diagnostics from ${p.source}: ${answer.status === 'ok' ? (cached ? 'answered (cached)' : 'answered') : answer.status}`,
    data: {
      run: p.runId, trigger: p.trigger, snapshot: p.trigger === 'declared', source: p.source,
      asked, askedAt: askedAt.toISOString(), answeredAt: answer.at, answer,
    },
  });
  if (answer.status === 'ok' && answer.finding.source === 'changes') await recordChanges(deps, p.incidentId, answer.finding.deploys);
}

const deployKey = (d: Deploy) => `${d.via}:${d.repository ?? d.service ?? ''}:${d.version ?? ''}:${d.at}`;

/** Each deploy once on the timeline as a change (later runs find the same deploys again). */
async function recordChanges(deps: DiagnosticsEffectDeps, incidentId: string, deploys: Deploy[]): Promise<void> {
  if (deploys.length === 0) return;
  const known = new Set(
    (await listTimeline(deps.store, incidentId)).filter((e) => e.kind === CHANGE_KIND).map((e) => (e.data as { key?: string } | null)?.key),
  );
  for (const d of deploys) {
    const key = deployKey(d);
    if (known.has(key)) continue;
    known.add(key);
    const what = [d.repository ?? d.service, d.version].filter(Boolean).join(' ');
    await appendTimeline(deps.store, incidentId, {
      kind: CHANGE_KIND, actor: 'firebreak', message: `Deploy ${what}${d.environment ? ` to ${d.environment}` : ''} at ${d.at}`.slice(0, 500), data: { key, deploy: d },
    });
  }
}
