// Edge: what a responder reads back in Slack (ephemeral, mrkdwn) after a change or a lookup — the
// incidents API's outcomes in words. Internal errors are never shown: the user gets a retry hint.
import { formatDuration } from '../../integrations/slack/blocks/format.js';
import { escapeMrkdwn } from '../../integrations/slack/escape.js';
import { isSlackGroupId, isSlackUserId } from '../../domain/slack-ids.js';
import type { AccessRefusal } from '../../access/index.js';
import type { GuardedFound, GuardedOutcome } from '../../access/guarded.js';
import type { IncidentRef, Refusal } from '../../incidents/index.js';
import type { Found } from '../../incidents/index.js';

const ref = (i: IncidentRef) => `#${i.number ?? '?'}`;
const code = (text: string) => `\`${escapeMrkdwn(text)}\``;
const showTarget = (t: string) => (isSlackUserId(t) ? `<@${t}>` : isSlackGroupId(t) ? `<!subteam^${t}>` : code(t));

export function changeAnswer(outcome: GuardedOutcome): string {
  const r = ref(outcome.incident);
  if (!outcome.ok) return outcome.refusal.kind === 'forbidden' ? accessAnswer(outcome.refusal.access, outcome.incident.number) : refusalAnswer(outcome.refusal, r);
  const a = outcome.accepted;
  switch (a.kind) {
    case 'acknowledged':
      return `Acknowledged incident ${r}.`;
    case 'status':
      return `Incident ${r} is now ${a.status}.`;
    case 'severity':
      return `Incident ${r} is now ${a.severity}.`;
    case 'role':
      return `<@${a.user}> is now ${a.role} of incident ${r}.`;
    case 'noted':
      return `Noted on incident ${r}'s timeline.`;
    case 'resolved':
      return `Resolved incident ${r}.`;
    case 'closed':
      return `Closed incident ${r}.`;
    case 'escalated':
      if (a.to === 'exhausted') return `Incident ${r} was at the last level of ${code(a.policy)}: escalation is now exhausted.`;
      if ('level' in a.to) return `Escalated incident ${r} to level ${a.to.level} of ${code(a.policy)}.`;
      return `Escalated incident ${r}: ${code(a.policy)} starts again at level 1 (repeat ${a.to.restart}).`;
    case 'paging':
      return `Paging ${a.targets.map(showTarget).join(', ')} for incident ${r}.`;
    case 'snoozed':
      return `Snoozed status-update reminders on incident ${r} for ${formatDuration(a.forMs)}.`;
    case 'postmortem':
      return a.decision === 'done'
        ? `Marked the post-mortem of incident ${r} done: no more reminders.`
        : `Dismissed the post-mortem reminder of incident ${r}.`;
  }
}

function refusalAnswer(refusal: Refusal, r: string): string {
  switch (refusal.kind) {
    case 'not-open':
    case 'already':
      return `Incident ${r} is already ${refusal.status}.`;
    case 'backward':
      return `Incident ${r} is already ${refusal.status}: statuses only move forward (triggered → acknowledged → investigating → identified → monitoring → resolved).`;
    case 'same-severity':
      return `Incident ${r} is already ${refusal.severity}.`;
    case 'close-unresolved':
      return `Incident ${r} is ${refusal.status}: resolve it before closing it.`;
    case 'already-closed':
      return `Incident ${r} is already closed.`;
    case 'not-escalating':
      return `Incident ${r} is ${refusal.status} — nothing to escalate.`;
    case 'no-policy':
      return `Incident ${r} has no escalation policy: page someone with \`/incident page @person\`.`;
    case 'exhausted':
      return `Escalation of incident ${r} is exhausted: every level of ${code(refusal.policy)} was paged. Page someone with \`/incident page @person\`.`;
    case 'unknown-policy': {
      const list = refusal.known.length === 0 ? 'none is configured' : `known: ${refusal.known.map(code).join(', ')}`;
      return `There is no escalation policy named ${code(refusal.name)} (${list}).`;
    }
    case 'nobody-to-page':
      return 'Whom should I page? Mention people or name a policy.';
    case 'no-reminders':
      return `Incident ${r} has no status-update reminders at ${refusal.severity.toUpperCase()}: nothing to snooze.`;
    case 'postmortem-settled':
      return `The post-mortem of incident ${r} is already ${refusal.state === 'done' ? 'marked done' : 'dismissed'}.`;
    case 'no-postmortem':
      return `Incident ${r} has no post-mortem reminder pending${refusal.resolved ? '' : ' (it starts when the incident is resolved)'}.`;
    case 'unavailable':
      return `Could not update incident ${r} just now. Try again in a moment.`;
  }
}

const ROLE_WORDS: Record<string, string> = { everyone: 'anyone in the workspace', 'incident-commander': "the incident's commander" };

/** Why access rules refused someone (access.ts), in words: who may, or what to do instead. */
export function accessAnswer(refusal: AccessRefusal, incident: number | null = null): string {
  const nothing = 'Nothing was changed.';
  switch (refusal.kind) {
    case 'guest':
      return `Guests can follow incidents but not change them. ${nothing} Ask someone in the incident channel.`;
    case 'external':
      return `People from another organisation (Slack Connect) can follow incidents here but not change them. ${nothing}`;
    case 'unknown-user':
      return `Slack does not know your account in this workspace, so I cannot let you change incidents. ${nothing}`;
    case 'not-member':
      return `Incident #${refusal.incident ?? incident ?? '?'} is private: only the people in its channel can see it or act on it. ${nothing}`;
    case 'not-allowed': {
      const who = refusal.roles.map((r) => ROLE_WORDS[r] ?? code(r)).join(' or ');
      return `Only ${who} may use ${code(refusal.action)} here (\`access.allow\` in firebreak.yaml). ${nothing}`;
    }
    case 'rate-limited': {
      const what = refusal.action === 'page' ? 'paged' : 'declared incidents';
      return `You have ${what} ${refusal.max} time${refusal.max === 1 ? '' : 's'} in the last ${formatDuration(refusal.perMs)}, the most allowed per person. ` +
        `Try again in ${formatDuration(Math.max(60_000, Math.ceil(refusal.retryAfterMs / 60_000) * 60_000))}, or ask someone else. ${nothing}`;
    }
    case 'unavailable':
      return `Could not check your permissions just now (Slack did not answer). ${nothing} Try again in a moment.`;
  }
}

/** Why no incident was found for a command. */
export function notFoundAnswer(found: Exclude<Found | GuardedFound, { ok: true }>): string {
  if (found.reason === 'not-member') return accessAnswer({ kind: 'not-member', incident: found.number });
  return found.reason === 'no-such-number'
    ? `There is no incident #${found.number}.`
    : 'This channel is not an incident channel: add the incident number, e.g. `/incident ack 42`.';
}
