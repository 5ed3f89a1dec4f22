// Incidents: a new incident as one store call can create it — its row and its workflow's first commit
// (planned by the pure machine) — whether an alert or a responder declares it.
import { candidateWorkflow, type IncidentCandidate } from '../store/incidents.js';
import type { IncidentInput } from '../workflows/incident/index.js';
import type { WorkflowRunner } from '../workflows/runner.js';

export function planIncident(runner: WorkflowRunner, input: IncidentInput): IncidentCandidate {
  const { commit } = runner.planStart('incident', input.id, input);
  return {
    id: input.id,
    title: input.title,
    severity: input.severity,
    service: input.service,
    policy: input.escalation?.name ?? input.policy,
    declared_by: input.declaredBy,
    workflow: candidateWorkflow(commit),
  };
}
