// Incidents: the declaration's Diagnostics — handed to the diagnostics feature (main.ts passes its
// starter in), which queues each source as its own effect. Its own ordering key: the channel,
// the summary and paging never wait behind it.
import type { EffectResult, EffectSpec } from '../../effects/effect.js';
import type { IncidentEffects } from '../../workflows/incident/index.js';

export interface DiagnosticsDeps {
  /** Starts the declaration's run (idempotent per incident); absent (the drill): nothing to gather. */
  diagnostics?: { declared(incidentId: string): Promise<EffectResult> };
}

export function diagnosticsEffects(deps: DiagnosticsDeps): { 'diagnostics.declared': EffectSpec<IncidentEffects['diagnostics.declared']> } {
  return {
    'diagnostics.declared': {
      orderingKey: (params) => `diagnostics:${params.incidentId}`,
      handler: async (effect) => {
        if (!deps.diagnostics) return { ok: true, value: { skipped: 'diagnostics are not wired here' } };
        return deps.diagnostics.declared(effect.params.incidentId);
      },
    },
  };
}
