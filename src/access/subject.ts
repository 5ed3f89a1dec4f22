// Access: what a decision needs from an incident, and which permission each responder change needs.
import type { Change, LoadedIncident } from '../incidents/index.js';
import type { AccessSubject } from './rules.js';

export function subjectOf(incident: LoadedIncident): AccessSubject {
  const { view, context } = incident;
  const roles = Object.values(view.roles).filter((u): u is string => u !== null);
  return {
    id: view.id,
    number: view.number,
    private: context.chat?.privateChannel === true,
    channel: view.channel?.id ?? null,
    commander: view.roles.commander,
    people: [...new Set([view.declaredBy, ...roles])],
  };
}

/**
 * The permission (an `access.allow` key) a change needs. A page naming an escalation policy needs
 * `page-policy` as well as `page` when it also names people.
 */
export function actionsOf(change: Change): string[] {
  switch (change.kind) {
    case 'acknowledge':
      return ['ack'];
    case 'status':
      return ['status'];
    case 'severity':
      return ['sev'];
    case 'role':
      return ['role'];
    case 'note':
      return ['note'];
    case 'resolve':
      return ['resolve'];
    case 'close':
      return ['close'];
    case 'escalate':
      return ['escalate'];
    case 'page':
      return [...(change.targets.length > 0 ? ['page'] : []), ...(change.policies.length > 0 ? ['page-policy'] : [])];
    case 'snooze':
      return ['snooze'];
    case 'postmortem':
      return ['postmortem'];
  }
}
