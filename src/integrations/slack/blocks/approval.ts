// Slack: Block Kit for a remediation request's card — what, the exact parameters, why, who asked,
// the evidence (for an IP: the incident's alerts naming it), approvals so far, when it expires (an
// absolute time), and the buttons that still make sense: Approve / Deny / Cancel while it waits,
// Retry / Mark done / Mark failed when the outcome is unknown. Edited in place as it moves (pure).
import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import type { ApprovalView } from '../../../domain/approval.js';
import type { ApprovalNotice } from '../../../effects/chat-content.js';
import { ACTION_IDS, CALLBACK_IDS, DENY_FIELDS } from '../ids.js';
import { mrkdwnText, plainText, SLACK_LIMITS, truncate } from '../escape.js';
import { formatDuration, link, slackDate, userMention } from './format.js';

const PHASE: Record<ApprovalView['phase'], string> = {
  awaiting: ':hourglass_flowing_sand: Awaiting approval',
  executing: ':gear: Executing',
  succeeded: ':white_check_mark: Done',
  failed: ':x: Failed',
  unknown: ':warning: Outcome unknown — check and settle it',
  denied: ':no_entry: Denied',
  expired: ':alarm_clock: Expired',
  cancelled: ':heavy_minus_sign: Cancelled',
  lifting: ':gear: Lifting',
  lifted: ':unlock: Lifted',
};

const ACTION_WORDS: Record<string, string> = {
  block_ip: 'Block IP', unblock_ip: 'Unblock IP', disable_account: 'Disable account', enable_account: 'Enable account', rollback: 'Roll back', run: 'Run',
};

export function approvalTitle(r: ApprovalView): string {
  const what = ACTION_WORDS[r.kind] ?? r.kind;
  const named = r.kind === 'run' || r.action !== r.kind ? ` ${r.action}` : '';
  const main = r.params.ip ?? r.params.account ?? r.params.service ?? '';
  return `${what}${named}${main ? ` ${main}` : ''}`;
}

function paramLines(params: Record<string, string>): string {
  const lines = Object.entries(params).map(([k, v]) => `\`${mrkdwnText(k, 60)}\` = \`${mrkdwnText(v, 300)}\``);
  return lines.length === 0 ? '_none_' : lines.join('\n');
}

export function approvalText(r: ApprovalView): string {
  return truncate(`Request #${r.number}: ${mrkdwnText(approvalTitle(r), 300)} — ${PHASE[r.phase]}`, SLACK_LIMITS.messageText);
}

export function approvalMessage(r: ApprovalView, now: Date): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  blocks.push({ type: 'header', text: plainText(`Request #${r.number}: ${approvalTitle(r)}`, SLACK_LIMITS.headerText) });
  const facts = [
    `*Status:* ${PHASE[r.phase]}`,
    `*Requested by:* ${userMention(r.requester)}${r.incidentNumber !== null ? ` for incident #${r.incidentNumber}` : ''}`,
    `*Why:* ${r.reason ? mrkdwnText(r.reason, 1000) : '_no reason given_'}`,
    `*Risk:* ${r.risk === 'high' ? 'high — needs approval' : 'low — runs at once'}`,
  ];
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(facts.join('\n'), SLACK_LIMITS.sectionText) } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Exactly:* \`${mrkdwnText(r.action, 80)}\`\n${paramLines(r.params)}`, SLACK_LIMITS.sectionText) } });
  if (r.evidence) {
    const e = r.evidence;
    const text = e.alerts === 0
      ? `*Evidence:* no alert of this incident names ${mrkdwnText(e.value, 100)}`
      : [
          `*Evidence:* ${e.alerts} alert${e.alerts === 1 ? '' : 's'} of this incident name ${mrkdwnText(e.value, 100)} (${e.occurrences} occurrence${e.occurrences === 1 ? '' : 's'})`,
          e.firstSeen && e.lastSeen ? `first seen ${slackDate(e.firstSeen)}, last seen ${slackDate(e.lastSeen)}` : null,
          ...e.titles.slice(0, 3).map((t) => `• ${mrkdwnText(t, 200)}`),
        ].filter((l): l is string => l !== null).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } });
  }
  if (r.risk === 'high' && !r.brokeGlass) {
    const who = [...r.approvers.users.map((u) => userMention(u)), ...r.approvers.groups.map((g) => `<!subteam^${g}>`)].join(', ');
    const so = r.approvals.length === 0 ? 'none yet' : r.approvals.map((a) => userMention(a.user)).join(', ');
    const lines = [`*Approvals:* ${r.approvals.length} of ${r.required} (${so}) — approvers: ${who || '_none configured_'}`];
    if (r.phase === 'awaiting') {
      const left = Date.parse(r.expiresAt) - now.getTime();
      lines.push(`*Expires:* ${slackDate(r.expiresAt)}${Number.isFinite(left) && left > 0 ? ` (in ${formatDuration(left)})` : ''}`);
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SLACK_LIMITS.sectionText) } });
  }
  const outcome = outcomeLines(r);
  if (outcome.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(outcome.join('\n'), SLACK_LIMITS.sectionText) } });
  const buttons = buttonsFor(r);
  if (buttons) blocks.push(buttons);
  return { text: approvalText(r), blocks };
}

function outcomeLines(r: ApprovalView): string[] {
  const lines: string[] = [];
  if (r.brokeGlass) lines.push(`:rotating_light: *BREAK-GLASS* by ${userMention(r.requester)}: ${mrkdwnText(r.breakGlassJustification ?? '', 500)}`);
  if (r.denial) lines.push(`*Denied by* ${userMention(r.denial.by)}: ${mrkdwnText(r.denial.reason, 500)}`);
  if (r.cancelledBy) lines.push(`*Cancelled by* ${userMention(r.cancelledBy)}`);
  if (r.refusal) lines.push(`*Not executed:* ${mrkdwnText(r.refusal, 500)}`);
  else if (r.result) {
    const took = r.result.durationMs !== null ? ` (${Math.round(r.result.durationMs)} ms)` : '';
    lines.push(`*Result:* ${r.result.ok ? 'done' : 'failed'} — ${link(r.result.link, r.result.detail, 500)}${took}`);
  }
  if (r.settledBy) lines.push(`*Settled by* ${userMention(r.settledBy.user)}: ${r.settledBy.decision}`);
  if (r.liftAt && r.phase === 'succeeded') lines.push(`*Lifts by itself:* ${slackDate(r.liftAt)}`);
  if (r.lift) lines.push(`*Lift:* ${r.lift.ok ? 'done' : 'FAILED — lift it by hand'} — ${mrkdwnText(r.lift.detail, 500)}`);
  return lines;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: plainText(text, SLACK_LIMITS.buttonText), action_id: actionId, value, ...(style && { style }) };
}

function buttonsFor(r: ApprovalView): ActionsBlock | null {
  if (r.phase === 'awaiting') {
    return {
      type: 'actions',
      elements: [
        button('Approve', ACTION_IDS.approve, `${r.id}:${r.paramsHash}`, 'primary'),
        button('Deny', ACTION_IDS.deny, r.id, 'danger'),
        button('Cancel (requester)', ACTION_IDS.cancelRequest, r.id),
      ],
    };
  }
  if (r.phase === 'unknown') {
    return {
      type: 'actions',
      elements: [
        button('Retry', ACTION_IDS.settleRetry, r.id),
        button('Mark done', ACTION_IDS.settleDone, r.id, 'primary'),
        button('Mark failed', ACTION_IDS.settleFailed, r.id, 'danger'),
      ],
    };
  }
  return null;
}

const NOTICE: Record<ApprovalNotice, (r: ApprovalView) => string> = {
  'break-glass': (r) => `:rotating_light: *BREAK-GLASS* — ${userMention(r.requester)} is running request #${r.number} (${mrkdwnText(approvalTitle(r), 300)}) without approval: ${mrkdwnText(r.breakGlassJustification ?? '', 500)}`,
  'outcome-unknown': (r) => `:warning: Request #${r.number} (${mrkdwnText(approvalTitle(r), 300)}): the executor's answer was lost, so it is *not known* whether it ran. It will not be re-run by itself: check, then use Retry, Mark done or Mark failed on the card.`,
  lifted: (r) => `:unlock: Request #${r.number}: the block on ${mrkdwnText(r.params.ip ?? '', 100)} was lifted after its time ran out.`,
  'lift-failed': (r) => `:warning: Request #${r.number}: lifting the block on ${mrkdwnText(r.params.ip ?? '', 100)} failed — it is still in force. Lift it by hand with \`/incident unblock-ip ${mrkdwnText(r.params.ip ?? '', 100)}\`.`,
};

export function approvalNoticeMessage(r: ApprovalView, what: ApprovalNotice): { text: string } {
  return { text: truncate(NOTICE[what](r), SLACK_LIMITS.messageText) };
}

/** Deny asks for a reason. */
export function denyModal(r: Pick<ApprovalView, 'id' | 'number'> & { title: string }): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.denyModal,
    private_metadata: r.id,
    title: plainText(`Deny request #${r.number}`, SLACK_LIMITS.modalTitle),
    submit: plainText('Deny', SLACK_LIMITS.modalTitle),
    close: plainText('Back', SLACK_LIMITS.modalTitle),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwnText(r.title, 500), SLACK_LIMITS.sectionText) } },
      {
        type: 'input',
        block_id: DENY_FIELDS.reason.blockId,
        label: plainText('Why not?', SLACK_LIMITS.inputLabel),
        element: { type: 'plain_text_input', action_id: DENY_FIELDS.reason.actionId, multiline: true, min_length: 3, max_length: 1000 },
      },
    ],
  };
}
