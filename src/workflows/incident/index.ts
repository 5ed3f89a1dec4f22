// Workflows: the incident workflow — its machine, definition, and the types the rest of Firebreak
// speaks to it in (input, context, events, effects, timeline).
export { incidentDefinition, incidentMachine } from './machine.js';
export type { ChatSettings, EscalationSnapshot, IncidentContext, IncidentInput, PageFailure, PostmortemState, ReminderSettings } from './context.js';
export type { IncidentEvent } from './events.js';
export { INCIDENT_EFFECT_TYPES, type IncidentEffects, type IncidentEffectType, type PageParams } from './effects.js';
export type { IncidentTimeline, IncidentTimelineKind } from './timeline.js';
export { incidentTimelineText } from './timeline-text.js';
export { STATUS_TIMER } from './reminders.js';
export { POSTMORTEM_TIMER } from './postmortem.js';
export * as incidentRules from './rules.js';
