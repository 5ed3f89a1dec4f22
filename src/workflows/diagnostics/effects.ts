// Workflows: the effects a diagnostics run asks for — one query per source (each its own outbox row,
// so a slow source never holds up another) and the message, rendered again as each answer lands.
import type { DiagnosticsSourceName, DiagnosticsTrigger } from '../../domain/diagnostics.js';

const effect =
  <P>() =>
  (_: unknown, _params: P): void => {};

export const diagnosticsEffectActions = {
  /** Ask one source (bounded by `timeoutMs`) and feed its answer back as `diagnostics.answered`. */
  'diagnostics.query': effect<{ runId: string; incidentId: string; source: DiagnosticsSourceName; trigger: DiagnosticsTrigger; timeoutMs: number }>(),
  /** Post the run's message in the incident channel, or edit it in place with what has come back. */
  'diagnostics.render': effect<{ runId: string; incidentId: string }>(),
};

export type DiagnosticsEffects = { [K in keyof typeof diagnosticsEffectActions]: Parameters<(typeof diagnosticsEffectActions)[K]>[1] };
export type DiagnosticsEffectType = keyof DiagnosticsEffects;
