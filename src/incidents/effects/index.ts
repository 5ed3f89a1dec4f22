// Incidents: every effect the incident workflow emits, with its handler — one complete map, checked
// against the workflow's effect catalog at compile time (a missing or misspelt handler does not
// build). The server and `firebreak drill` register through here, so they run the same handlers.
import type { EffectSpec } from '../../effects/effect.js';
import type { EffectRegistry } from '../../effects/registry.js';
import type { IncidentEffects } from '../../workflows/incident/index.js';
import { incidentChatEffects, type IncidentChatDeps } from './chat.js';
import { pagerSyncEffects, pagingEffects, type PagingDeps } from './paging.js';
import { OUTAGE_RECAP_EFFECT, outageRecapEffect } from './outage-recap.js';
import { diagnosticsEffects, type DiagnosticsDeps } from './diagnostics.js';

export { OUTAGE_RECAP_EFFECT } from './outage-recap.js';

export type IncidentEffectDeps = IncidentChatDeps & PagingDeps & DiagnosticsDeps & {
  /** The announcement channel as configured now (the outage recap goes there). */
  announceChannel?: () => string | null;
};

export type IncidentEffectSpecs = { [K in keyof IncidentEffects]: EffectSpec<IncidentEffects[K]> };

export function incidentEffectSpecs(deps: IncidentEffectDeps): IncidentEffectSpecs {
  return { ...incidentChatEffects(deps), ...pagingEffects(deps), ...pagerSyncEffects(deps), ...diagnosticsEffects(deps) };
}

export function registerIncidentEffects(registry: EffectRegistry, deps: IncidentEffectDeps): void {
  for (const [type, spec] of Object.entries(incidentEffectSpecs(deps))) registry.define(type, spec as EffectSpec);
  // Not the incident workflow's: the store queues it when the Slack breaker closes.
  registry.define(OUTAGE_RECAP_EFFECT, outageRecapEffect(deps));
}
