// Edge: what a requester or approver reads back (ephemeral, mrkdwn) after a request or a click —
// the approvals API's outcomes in words. Internal errors are never shown.
import type { ApprovalOutcome, ApprovalRefusal, RequestPhase } from '../../domain/approval.js';
import { approvalTitle } from '../../integrations/slack/blocks/approval.js';
import { slackDate } from '../../integrations/slack/blocks/format.js';
import { escapeMrkdwn } from '../../integrations/slack/escape.js';

const code = (text: string) => `\`${escapeMrkdwn(text)}\``;

const PHASE_WORDS: Record<RequestPhase, string> = {
  awaiting: 'awaiting approval', executing: 'already approved and executing', succeeded: 'already done', failed: 'already finished (failed)',
  unknown: 'waiting for someone to settle its unknown outcome', denied: 'already denied', expired: 'expired', cancelled: 'cancelled',
  lifting: 'done and being lifted', lifted: 'done and lifted',
};

export function requestAnswer(o: ApprovalOutcome): string {
  if (!o.ok) return refusalAnswer(o.refusal);
  const r = o.request;
  const title = escapeMrkdwn(approvalTitle(r));
  if (r.brokeGlass) return `:rotating_light: Break-glass: request #${r.number} (${title}) runs now without approval. This is announced and flagged.`;
  if (r.phase !== 'awaiting') return `Request #${r.number} (${title}) is low risk: it runs now.`;
  return `Requested #${r.number}: ${title}. It needs ${r.required} approval${r.required === 1 ? '' : 's'} before ${slackDate(r.expiresAt)}; the card is in the incident channel.`;
}

export function clickAnswer(o: ApprovalOutcome, what: 'approve' | 'deny' | 'cancel' | 'settle'): string {
  if (!o.ok) return refusalAnswer(o.refusal);
  const r = o.request;
  switch (what) {
    case 'approve':
      return r.phase === 'awaiting'
        ? `Your approval of request #${r.number} counts (${r.approvals.length} of ${r.required}).`
        : `Your approval of request #${r.number} completed the quorum: it is being executed.`;
    case 'deny':
      return `Denied request #${r.number}.`;
    case 'cancel':
      return `Cancelled request #${r.number}.`;
    case 'settle':
      return r.phase === 'executing' ? `Request #${r.number} runs again.` : `Request #${r.number} marked ${r.phase === 'failed' ? 'failed' : 'done'}.`;
  }
}

export function refusalAnswer(refusal: ApprovalRefusal): string {
  switch (refusal.kind) {
    case 'unknown-action':
      return `There is no action ${code(refusal.action)} in this Firebreak's catalog (${refusal.known.length === 0 ? 'none is configured under `actions:`' : `known: ${refusal.known.map(code).join(', ')}`}).`;
    case 'invalid-params':
      return `Refused: ${escapeMrkdwn(refusal.reason)}.`;
    case 'executor-unavailable':
      return `The executor ${code(refusal.executor)} is not configured here, so nothing can be requested with it.`;
    case 'not-a-commander':
      return 'Only the incident commander may break glass.';
    case 'incident-closed':
      return 'The incident is no longer open: nothing can be requested for it.';
    case 'no-such-request':
      return `There is no request ${escapeMrkdwn(refusal.ref)}.`;
    case 'ended':
      return `Request #${refusal.number} is ${PHASE_WORDS[refusal.phase]}: nothing was changed.`;
    case 'own-request':
      return `You asked for request #${refusal.number}: someone else must approve or deny it (you may cancel it).`;
    case 'not-an-approver':
      return `You are not an approver of request #${refusal.number}: nothing was changed.`;
    case 'already-approved':
      return `You already approved request #${refusal.number}; each approver counts once.`;
    case 'changed-parameters':
      return `Request #${refusal.number} is not what that button approved: nothing was changed.`;
    case 'not-requester':
      return `Only the requester may cancel request #${refusal.number}.`;
    case 'not-unknown':
      return `Request #${refusal.number} is ${PHASE_WORDS[refusal.phase]}: there is nothing to settle.`;
    case 'unavailable':
      return 'Could not do that just now. Try again in a moment.';
  }
}
