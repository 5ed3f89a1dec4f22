// Drill: checks a scenario's `expect:` lines against what the drill recorded. Pure: the virtual
// clock makes times exact, so `at` matches to the millisecond.
import { formatOffset, pageLine } from './report.js';
import type { PageRecord } from './recorder.js';
import type { DrillOutcome } from './run.js';
import type { LocatedExpectation } from './scenario.js';

export interface Verdict {
  line: number;
  ok: boolean;
  /** What was expected, in words. */
  expected: string;
  /** When it failed: what happened instead. */
  actual: string | null;
}

const reached = (page: PageRecord, target: string) => (page.reached.get(target)?.size ?? 0) > 0;
const reachedAny = (page: PageRecord) => page.targets.some((t) => reached(page, t));

export function checkExpectations(expectations: readonly LocatedExpectation[], outcome: DrillOutcome): Verdict[] {
  return expectations.map((e) => ({ line: e.line, ...check(e, outcome) }));
}

function check(e: LocatedExpectation, o: DrillOutcome): Omit<Verdict, 'line'> {
  const pages = o.pages.filter(reachedAny);
  const pagesSeen = () => (pages.length === 0 ? 'nobody was paged' : `pages: ${pages.map((p) => `${formatOffset(p.atMs)} ${pageLine(p)}`).join('; ')}`);
  switch (e.kind) {
    case 'paged': {
      const parts = [
        e.target !== null ? e.target : 'someone',
        e.level !== null ? `at level ${e.level}` : null,
        e.atMs !== null ? `at ${formatOffset(e.atMs)}` : null,
        e.incident !== null ? `for incident #${e.incident}` : null,
      ].filter((x) => x !== null);
      const hit = pages.some((p) =>
        (e.atMs === null || p.atMs === e.atMs) && (e.level === null || p.level === e.level) &&
        (e.incident === null || p.incident === e.incident) && (e.target === null || reached(p, e.target)));
      return { ok: hit, expected: `paged ${parts.join(' ')}`, actual: hit ? null : pagesSeen() };
    }
    case 'not_paged_after': {
      const late = pages.filter((p) => p.atMs > e.atMs && (e.target === null || reached(p, e.target)));
      return {
        ok: late.length === 0,
        expected: `no page${e.target !== null ? ` to ${e.target}` : ''} after ${formatOffset(e.atMs)}`,
        actual: late.length === 0 ? null : `paged at ${late.map((p) => `${formatOffset(p.atMs)} (${pageLine(p)})`).join(', ')}`,
      };
    }
    case 'exhausted_at': {
      const exhausted = o.entries.filter((x) => x.kind === 'timeline' && x.entryKind === 'escalation.exhausted');
      const hit = exhausted.some((x) => x.atMs === e.atMs);
      return {
        ok: hit,
        expected: `escalation exhausted at ${formatOffset(e.atMs)}`,
        actual: hit ? null : exhausted.length === 0 ? 'escalation never ran out' : `exhausted at ${exhausted.map((x) => formatOffset(x.atMs)).join(', ')}`,
      };
    }
    case 'status': {
      const last = o.incidents[o.incidents.length - 1];
      return {
        ok: last?.status === e.status,
        expected: `the latest incident ends ${e.status}`,
        actual: last?.status === e.status ? null : last ? `incident #${last.number} ends ${last.status}` : 'no incident was declared',
      };
    }
    case 'pages':
      return { ok: pages.length === e.count, expected: `${e.count} page${e.count === 1 ? '' : 's'} in all`, actual: pages.length === e.count ? null : `${pages.length}: ${pagesSeen()}` };
    case 'incidents':
      return {
        ok: o.incidents.length === e.count,
        expected: `${e.count} incident${e.count === 1 ? '' : 's'} declared`,
        actual: o.incidents.length === e.count ? null : `${o.incidents.length} declared`,
      };
    case 'reminded': {
      const kinds = e.about === null ? ['reminder.status', 'reminder.postmortem'] : [`reminder.${e.about}`];
      const entries = o.entries.filter((x) => x.kind === 'timeline' && kinds.includes(x.entryKind) && (e.incident === null || x.incident === e.incident));
      const hit = entries.some((x) => e.atMs === null || x.atMs === e.atMs);
      const what = e.about === 'status' ? 'a status-update reminder' : e.about === 'postmortem' ? 'a post-mortem reminder' : 'a reminder';
      return {
        ok: hit,
        expected: `${what}${e.atMs !== null ? ` at ${formatOffset(e.atMs)}` : ''}`,
        actual: hit ? null : entries.length === 0 ? 'no reminder fired' : `reminders at ${entries.map((x) => formatOffset(x.atMs)).join(', ')}`,
      };
    }
    case 'executed':
    case 'denied':
    case 'expired': {
      // The incident's copy of the request's timeline (the request's own rows carry no incident number).
      const kind = e.kind === 'executed' ? 'approval.succeeded' : `approval.${e.kind}`;
      const prefix = e.kind === 'executed' ? (e.lift ? 'Lift of request' : 'Action of request') : 'Request';
      const entries = o.entries.filter((x) => x.kind === 'timeline' && x.incident !== null && x.entryKind === kind && x.message.startsWith(prefix) &&
        (e.request === null || x.message.startsWith(`${prefix} #${e.request} `) || x.message.startsWith(`${prefix} #${e.request}:`)));
      const hit = entries.some((x) => e.atMs === null || x.atMs === e.atMs);
      const what = `${e.request !== null ? `request #${e.request}` : 'a request'} ${e.kind === 'executed' ? (e.lift ? 'lifted' : 'executed') : e.kind}`;
      return {
        ok: hit,
        expected: `${what}${e.atMs !== null ? ` at ${formatOffset(e.atMs)}` : ''}`,
        actual: hit ? null : entries.length === 0 ? `no ${kind} entry` : `at ${entries.map((x) => formatOffset(x.atMs)).join(', ')}`,
      };
    }
    case 'timeline': {
      const entries = o.entries.filter((x) => x.kind === 'timeline' && x.entryKind === e.entryKind && (e.incident === null || x.incident === e.incident));
      const hit = entries.some((x) => x.kind === 'timeline' && (e.atMs === null || x.atMs === e.atMs) && (e.text === null || x.message.includes(e.text)));
      const expected = `timeline ${e.entryKind}${e.text !== null ? ` "${e.text}"` : ''}${e.atMs !== null ? ` at ${formatOffset(e.atMs)}` : ''}`;
      return {
        ok: hit,
        expected,
        actual: hit ? null : entries.length === 0 ? `no ${e.entryKind} entry` : `${e.entryKind} at ${entries.map((x) => formatOffset(x.atMs)).join(', ')}`,
      };
    }
  }
}
