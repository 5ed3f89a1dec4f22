// Workflows: a diagnostics run — its machine, definition, input/context and effect catalog.
export { diagnosticsDefinition, diagnosticsMachine, type DiagnosticsRunContext, type DiagnosticsRunEvent, type DiagnosticsRunInput } from './machine.js';
export { diagnosticsEffectActions, type DiagnosticsEffects, type DiagnosticsEffectType } from './effects.js';
