// Effects: every effect type the incident workflow emits, registered in one call, so the server
// and `firebreak drill` can never disagree on which effects exist (a drill runs the real handlers).
import { registerIncidentChatEffects, type IncidentChatDeps } from './chat.js';
import { registerPagerSync, registerPaging, type PagingDeps } from './paging.js';
import type { EffectRegistry } from '../../effects/registry.js';

export type IncidentEffectDeps = IncidentChatDeps & PagingDeps;

export function registerIncidentEffects(registry: EffectRegistry, deps: IncidentEffectDeps): void {
  registerIncidentChatEffects(registry, deps);
  registerPaging(registry, deps);
  registerPagerSync(registry, deps);
}
