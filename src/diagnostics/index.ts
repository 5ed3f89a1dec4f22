// Diagnostics: the feature's one API — run the evidence sources for an incident (on declaration,
// `/incident diag [source…]`, the Diagnostics button). A run is a small workflow of its own: each
// source is its own outbox effect, the message is edited in place as they answer, and every answer
// is kept as evidence on the incident's timeline (the declaration's run is the snapshot).
import type { Actor } from '../domain/actor.js';
import { DIAGNOSTICS_SOURCES, isDiagnosticsSource, type Deploy, type DiagnosticsSourceName, type DiagnosticsTrigger } from '../domain/diagnostics.js';
import { recentDeploys, recordDeploy } from '../store/diagnostics.js';
import type { DiagnosticsSource } from '../effects/diagnostics-source.js';
import type { EffectResult } from '../effects/effect.js';
import type { LoadedIncident } from '../incidents/index.js';
import { loadIncident } from '../incidents/view.js';
import { recordAudit } from '../store/audit.js';
import type { Transport } from '../store/transport.js';
import type { DiagnosticsRunInput } from '../workflows/diagnostics/index.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import type { DiagnosticsSettings } from './settings.js';

export { diagnosticsSettings, type DiagnosticsSettings } from './settings.js';
export { registerDiagnosticsEffects, diagnosticsEffectSpecs, EVIDENCE_KIND, CHANGE_KIND, type DiagnosticsEffectDeps } from './effects.js';
export { cacheKey, safeError } from './answer.js';

/** Two clicks (or commands) for the same sources this close together join one run rather than post twice. */
export const JOIN_WINDOW_MS = 15_000;
/** A run stops waiting for answers (or for a channel) after this. */
const EXPIRE_AFTER_MS = 10 * 60_000;

export type RunOutcome =
  | { ok: true; runId: string; created: boolean; sources: DiagnosticsSourceName[] }
  | { ok: false; reason: 'disabled' | 'nothing-configured' | 'closed' | 'unavailable' }
  | { ok: false; reason: 'unknown-source'; names: string[] };

export interface Diagnostics {
  /** The sources this deployment can ask (on in firebreak.yaml, credentials present). */
  available(): DiagnosticsSourceName[];
  /** Starts a run; `sources` absent or empty: every available source. Joins a run for the same sources just started. */
  run(incident: LoadedIncident, sources: readonly string[] | undefined, trigger: DiagnosticsTrigger, actor?: Actor): Promise<RunOutcome>;
  /** The declaration's run (the `diagnostics.declared` effect): once per incident. */
  declared(incidentId: string): Promise<EffectResult>;
  /** A deploy a CD system reported (POST /webhooks/deploy); the same delivery id again is a duplicate. */
  recordDeploy(event: DeployReport, deliveryId: string): Promise<{ duplicate: boolean }>;
  /** A service's deploys reported through the webhook within the window, newest first. */
  webhookDeploys(service: string, windowMs: number): Promise<Deploy[]>;
}

/** A deploy as a CD system reports it (the edge has checked its signature and shape). */
export interface DeployReport {
  service: string;
  environment?: string;
  version?: string;
  repository?: string;
  url?: string;
  description?: string;
  actor?: string;
  deployed_at?: string;
}

export interface DiagnosticsDeps {
  store: Transport;
  runner: WorkflowRunner;
  sources: ReadonlyMap<DiagnosticsSourceName, DiagnosticsSource>;
  settings: () => DiagnosticsSettings;
  now?: () => Date;
  onError?: (what: string, err: unknown) => void;
}

export function createDiagnostics(deps: DiagnosticsDeps): Diagnostics {
  const now = deps.now ?? (() => new Date());
  const available = (): DiagnosticsSourceName[] => {
    const { config } = deps.settings();
    return DIAGNOSTICS_SOURCES.filter((name) => config.sources[name] && deps.sources.get(name)?.configured() === true);
  };

  const start = async (incident: LoadedIncident, sources: DiagnosticsSourceName[], trigger: DiagnosticsTrigger, actor: Actor | undefined): Promise<RunOutcome> => {
    const { config } = deps.settings();
    const at = now();
    const runId = trigger === 'declared'
      ? `diag:${incident.view.id}:declared`
      : `diag:${incident.view.id}:${trigger}:${sources.join('+')}:${Math.floor(at.getTime() / JOIN_WINDOW_MS)}`;
    const input: DiagnosticsRunInput = {
      runId, incidentId: incident.view.id, trigger, requestedBy: actor?.id ?? null, sources, timeoutMs: config.timeoutMs,
      startedAt: at.toISOString(), expireAfterMs: EXPIRE_AFTER_MS,
    };
    const outcome = await deps.runner.start('diagnostics', runId, input);
    if (!outcome.ok) {
      deps.onError?.(`start diagnostics for incident ${incident.view.id}`, new Error(`${outcome.error.kind}: ${outcome.error.message}`));
      return { ok: false, reason: 'unavailable' };
    }
    return { ok: true, runId, created: outcome.created !== false, sources };
  };

  return {
    available,

    async run(incident, requested, trigger, actor) {
      const { config } = deps.settings();
      const audit = async (outcome: string, params: unknown) => {
        if (actor) await recordAudit(deps.store, { actor, action: 'diagnostics.run', subject: incident.view.id, params, outcome }).catch((err: unknown) => deps.onError?.('record the audit entry', err));
      };
      const names = [...new Set((requested ?? []).map((n) => n.toLowerCase()))];
      const unknown = names.filter((n) => !isDiagnosticsSource(n));
      let result: RunOutcome;
      if (!config.enabled) result = { ok: false, reason: 'disabled' };
      else if (unknown.length > 0) result = { ok: false, reason: 'unknown-source', names: unknown };
      else if (incident.view.status === 'closed') result = { ok: false, reason: 'closed' };
      else {
        // Asked by name, a source that cannot run still gets its line ("not configured").
        const sources = names.length > 0 ? DIAGNOSTICS_SOURCES.filter((s) => names.includes(s)) : available();
        result = sources.length === 0 ? { ok: false, reason: 'nothing-configured' } : await start(incident, sources, trigger, actor);
      }
      await audit(result.ok ? (result.created ? 'ok' : 'joined') : `refused:${result.reason}`, { trigger, sources: names });
      return result;
    },

    async declared(incidentId) {
      const incident = await loadIncident(deps.store, deps.runner, incidentId);
      if (!incident) return { ok: true, value: { skipped: 'incident not found' } };
      const { config } = deps.settings();
      if (!config.enabled) return { ok: true, value: { skipped: 'diagnostics are off' } };
      const sources = available();
      if (sources.length === 0) return { ok: true, value: { skipped: 'no diagnostics source is configured' } };
      const r = await start(incident, sources, 'declared', undefined);
      return r.ok ? { ok: true, value: { run: r.runId } } : { ok: false, error: { kind: 'retry', message: 'could not start the diagnostics run' } };
    },

    async recordDeploy(event, deliveryId) {
      const r = await recordDeploy(deps.store, {
        delivery_id: deliveryId, service: event.service, environment: event.environment ?? null, version: event.version ?? null,
        repository: event.repository ?? null, url: event.url ?? null, description: event.description ?? null, actor: event.actor ?? null,
        deployed_at: event.deployed_at ?? null,
      });
      return { duplicate: r.duplicate };
    },

    async webhookDeploys(service, windowMs) {
      const rows = await recentDeploys(deps.store, service, windowMs);
      return rows.map((d): Deploy => ({
        at: new Date(d.deployed_at!).toISOString(), service: d.service, repository: d.repository, environment: d.environment, version: d.version,
        description: d.description, url: d.url, via: 'webhook',
      }));
    },
  };
}
