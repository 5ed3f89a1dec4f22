// Reports: follow-ups reconciled with an outside tracker (GitHub issues) — a durable periodic sync:
// the store is the truth and each run converges. A follow-up without an issue gets one (found again by
// its marker if a previous run's answer was lost, so never two); a follow-up whose issue was closed is
// marked done, on the timeline and in the audit log as done by the tracker.
import type { Actor } from '../domain/actor.js';
import type { IssueTracker } from '../effects/ports.js';
import { followupsToSync, setFollowupExternal, setFollowupState, type FollowupRow } from '../store/reports.js';
import type { Transport } from '../store/transport.js';

export interface SyncOutcome {
  created: number;
  linked: number;
  closed: number;
  /** One line per follow-up that could not be synced this run (tried again next run). */
  errors: string[];
}

/** The marker in an issue's body: unique per deployment (incident ids are random) and follow-up. */
export const followupMarker = (f: Pick<FollowupRow, 'incidentId' | 'id'>) => `firebreak-followup:${f.incidentId}:${f.id}`;

export function issueBody(f: FollowupRow, publicUrl: string | null): string {
  const incident = f.incidentNumber === null ? 'an incident' : `incident #${f.incidentNumber}`;
  const link = publicUrl && f.incidentNumber !== null ? ` (${publicUrl.replace(/\/$/, '')}/incidents/${f.incidentNumber})` : '';
  return [
    f.text,
    '',
    `Follow-up #${f.id} of ${incident}${link}, added in Firebreak by Slack user ${f.createdBy}.`,
    ...(f.owner ? [`Owner (Slack user): ${f.owner}`] : []),
    ...(f.due ? [`Due: ${f.due}`] : []),
    '',
    'Closing this issue marks the follow-up done in Firebreak.',
    '',
    `<!-- ${followupMarker(f)} -->`,
  ].join('\n');
}

export async function syncFollowups(store: Transport, tracker: IssueTracker, opts: { publicUrl?: string | null; limit?: number } = {}): Promise<SyncOutcome> {
  const out: SyncOutcome = { created: 0, linked: 0, closed: 0, errors: [] };
  const actor: Actor = { id: `github:${tracker.where}`, team: null, via: 'github' };
  for (const f of await followupsToSync(store, 'github', opts.limit ?? 200)) {
    const fail = (message: string) => out.errors.push(`follow-up #${f.id}: ${message}`);
    if (f.external === null) {
      const found = await tracker.findByMarker(followupMarker(f));
      if (!found.ok) { fail(found.error.message); continue; }
      let issue = found.value;
      if (issue === null) {
        const title = `${f.incidentNumber === null ? '' : `[#${f.incidentNumber}] `}${f.text}`.replace(/\s+/g, ' ').slice(0, 200);
        const created = await tracker.create({ title, body: issueBody(f, opts.publicUrl ?? null), assignee: null });
        if (!created.ok) { fail(created.error.message); continue; }
        issue = created.value;
        out.created++;
      } else {
        out.linked++;
      }
      await setFollowupExternal(store, f.id, { system: 'github', key: `${tracker.where}#${issue.number}`, url: issue.url });
      continue;
    }
    const number = Number(f.external.key.split('#').pop());
    if (!Number.isSafeInteger(number)) { fail(`unreadable issue key ${f.external.key}`); continue; }
    const issue = await tracker.get(number);
    if (!issue.ok) { fail(issue.error.message); continue; }
    if (issue.value.state === 'closed') {
      const done = await setFollowupState(store, f.id, 'done', actor);
      if (done.ok) out.closed++;
    }
  }
  return out;
}
