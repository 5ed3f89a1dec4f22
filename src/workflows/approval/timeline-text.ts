// Workflows: an approval request's timeline in words — one plain line per entry.
import type { ApprovalTimeline, ApprovalTimelineKind } from './timeline.js';

const params = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');
const phase = (p: 'action' | 'lift') => (p === 'lift' ? 'Lift' : 'Action');

const TEXT: { [K in ApprovalTimelineKind]: (d: ApprovalTimeline[K]) => string } = {
  'approval.requested': (d) =>
    `Request #${d.number}: ${d.action} ${params(d.params)}${d.reason ? ` — ${d.reason}` : ''} (${d.risk === 'low' ? 'low risk, no approval needed' : `needs ${d.required} approval${d.required === 1 ? '' : 's'}${d.expiresAt ? `, expires ${d.expiresAt}` : ''}`})`,
  'approval.approved_by': (d) => `Request #${d.number} approved by <@${d.user}> (${d.count} of ${d.required})`,
  'approval.approved': (d) => (d.automatic ? `Request #${d.number} runs without approval (low risk)` : `Request #${d.number} approved`),
  'approval.break_glass': (d) => `BREAK-GLASS: request #${d.number} run without approval by <@${d.by}>: ${d.justification}`,
  'approval.denied': (d) => `Request #${d.number} denied by <@${d.by}>: ${d.reason}`,
  'approval.expired': (d) => `Request #${d.number} expired without a decision`,
  'approval.cancelled': (d) => `Request #${d.number} cancelled by <@${d.by}>`,
  'approval.executing': (d) => `${phase(d.phase)} of request #${d.number} handed to the executor${d.run > 1 ? ` (run ${d.run})` : ''}: ${d.action} ${params(d.params)}`,
  'approval.refused': (d) => `${phase(d.phase)} of request #${d.number} not executed: ${d.reason}`,
  'approval.succeeded': (d) => `${phase(d.phase)} of request #${d.number} done: ${d.detail}`,
  'approval.failed': (d) => `${phase(d.phase)} of request #${d.number} failed: ${d.detail}`,
  'approval.unknown': (d) => `${phase(d.phase)} of request #${d.number}: outcome unknown (${d.detail}) — a person must check and settle it`,
  'approval.settled': (d) => `Request #${d.number} settled by <@${d.by}>: ${d.decision === 'retry' ? 'run again' : d.decision === 'done' ? 'marked done' : 'marked failed'}`,
  'approval.lift_scheduled': (d) => `Request #${d.number}: the block lifts by itself at ${d.at}`,
};

export function approvalTimelineText(kind: string, data: unknown): string {
  const text = (TEXT as Record<string, ((d: unknown) => string) | undefined>)[kind];
  return text ? text(data ?? {}) : kind;
}
