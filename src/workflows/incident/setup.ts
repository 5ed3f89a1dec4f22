// Workflows: the incident machine's base setup — its types, its timeline action and the effects it
// may ask for (the catalog). Each concern (escalation, reminders, post-mortem, page failures) extends
// it with its own actions, guards and delays; machine.ts puts them together.
import { setup } from 'xstate';
import type { IncidentContext, IncidentInput } from './context.js';
import { incidentEffectActions, type IncidentEffects, type IncidentEffectType } from './effects.js';
import type { Args, IncidentEvent } from './events.js';
import { TIMELINE_ACTION } from '../definition.js';

export const incidentSetup = setup({
  types: {
    context: {} as IncidentContext,
    input: {} as IncidentInput,
    events: {} as IncidentEvent,
  },
  actions: {
    [TIMELINE_ACTION]: (_: unknown, _params: { kind: string; data: unknown; actor: string | null }) => {},
    ...incidentEffectActions,
  },
});

/** An effect of this step: its type is checked against the catalog, its params computed from the step. */
export const fx = <K extends IncidentEffectType>(type: K, params: (args: Args) => IncidentEffects[K]) => ({ type, params });

/** The effects that keep Slack true after any change: the summary edited in place (and the topic). */
export const refresh = [fx('slack.refreshSummary', ({ context }) => ({ incidentId: context.id }))];
export const refreshWithTopic = [...refresh, fx('slack.setTopic', ({ context }) => ({ incidentId: context.id }))];
