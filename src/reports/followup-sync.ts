// Reports: follow-ups reconciled with an outside tracker (GitHub issues, Jira issues) — a durable
// periodic sync, one run per configured tracker: the store is the truth and each run converges. A
// follow-up without an issue there gets one (found again by its marker if a previous run's answer was
// lost, so never two); a follow-up whose issue is done there is marked done, on the timeline and in
// the audit log as done by the tracker (`github:<owner/repo>`, `jira:<project>`).
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

/** The marker in an issue: unique per deployment (incident ids are random) and follow-up. */
export const followupMarker = (f: Pick<FollowupRow, 'incidentId' | 'id'>) => `firebreak-followup:${f.incidentId}:${f.id}`;

export const issueTitle = (f: FollowupRow) => `${f.incidentNumber === null ? '' : `[#${f.incidentNumber}] `}${f.text}`.replace(/\s+/g, ' ').slice(0, 200);

/** The issue's text as plain lines ('' between paragraphs); each tracker renders it and adds how it is marked done. */
export function issueLines(f: FollowupRow, publicUrl: string | null): string[] {
  const incident = f.incidentNumber === null ? 'an incident' : `incident #${f.incidentNumber}`;
  const link = publicUrl && f.incidentNumber !== null ? ` (${publicUrl.replace(/\/$/, '')}/incidents/${f.incidentNumber})` : '';
  return [
    f.text,
    '',
    `Follow-up #${f.id} of ${incident}${link}, added in Firebreak by Slack user ${f.createdBy}.`,
    ...(f.owner ? [`Owner (Slack user): ${f.owner}`] : []),
    ...(f.due ? [`Due: ${f.due}`] : []),
  ];
}

export async function syncFollowups(store: Transport, tracker: IssueTracker, opts: { publicUrl?: string | null; limit?: number } = {}): Promise<SyncOutcome> {
  const out: SyncOutcome = { created: 0, linked: 0, closed: 0, errors: [] };
  const { system } = tracker;
  const actor: Actor = { id: `${system}:${tracker.where}`, team: null, via: system };
  for (const f of await followupsToSync(store, system, opts.limit ?? 200)) {
    const fail = (message: string) => out.errors.push(`follow-up #${f.id}: ${message}`);
    const link = f.externals.find((e) => e.system === system);
    if (link === undefined) {
      const marker = followupMarker(f);
      const found = await tracker.findByMarker(marker);
      if (!found.ok) { fail(found.error.message); continue; }
      let issue = found.value;
      if (issue === null) {
        const created = await tracker.create({ title: issueTitle(f), lines: issueLines(f, opts.publicUrl ?? null), marker });
        if (!created.ok) { fail(created.error.message); continue; }
        issue = created.value;
        out.created++;
      } else {
        out.linked++;
      }
      await setFollowupExternal(store, f.id, { system, key: issue.key, url: issue.url });
      continue;
    }
    const issue = await tracker.get(link.key);
    if (!issue.ok) { fail(issue.error.message); continue; }
    if (issue.value.state === 'closed') {
      const done = await setFollowupState(store, f.id, 'done', actor);
      if (done.ok) out.closed++;
    }
  }
  return out;
}
