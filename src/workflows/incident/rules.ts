// Workflows: the incident's rules as plain predicates — used by the machine's guards and by the
// incidents API to answer a responder before sending an event the machine would ignore (one rule,
// one place).
import type { Severity } from '../../domain/alert.js';
import { statusRank, type IncidentStatus, type UpdateStatus } from '../../domain/incident.js';
import type { IncidentContext } from './context.js';

/** Status updates move forward only: skipping ahead is fine, going back is refused. */
export const isForward = (current: IncidentStatus, next: UpdateStatus): boolean => statusRank(next) > statusRank(current);
export const canAcknowledge = (c: Pick<IncidentContext, 'status'>): boolean => c.status === 'triggered';
export const isSeverityChange = (c: Pick<IncidentContext, 'severity'>, next: Severity): boolean => next !== c.severity;
export const isOpen = (status: IncidentStatus): boolean => status !== 'resolved' && status !== 'closed';

export const hasPolicy = (c: IncidentContext): boolean => (c.escalation.policy?.levels.length ?? 0) > 0;
export const hasNextLevel = (c: IncidentContext): boolean => c.escalation.level + 1 < (c.escalation.policy?.levels.length ?? 0);
export const canRepeat = (c: IncidentContext): boolean => c.escalation.round < (c.escalation.policy?.repeat ?? 0);

/** The status-update wait at the incident's severity; null: no nudges. */
export const statusWait = (c: IncidentContext): number | null => c.reminders?.statusUpdateMs[c.severity] ?? null;
export const postmortemPending = (c: Pick<IncidentContext, 'postmortem'>): boolean => c.postmortem?.state === 'pending';
