// Reports: the timeline read model — each stored row (kind + data + the line written at commit) as
// an item with its category, actor and link. Kinds this build does not know are shown by their line.
import { timelinePage, type TimelinePageRow } from '../store/reports.js';
import type { Transport } from '../store/transport.js';
import type { TimelineActor, TimelineCategory, TimelineItem, TimelinePage, TimelineQuery } from './types.js';

const EXACT: Record<string, TimelineCategory> = {
  'incident.declared': 'declaration',
  'incident.acknowledged': 'acknowledgement',
  'incident.status': 'status',
  'incident.refused': 'status',
  'incident.note': 'note',
  'timeline.message': 'note',
  'incident.role': 'role',
  'incident.severity': 'severity',
  'incident.resolved': 'resolution',
  'incident.reopened': 'resolution',
  'incident.closed': 'resolution',
  'alerts.cleared': 'resolution',
  'incident.postmortem': 'postmortem',
  'reminder.postmortem': 'postmortem',
};

/** By the kind's first word, for families other features write (approvals, diagnostics, …). */
const PREFIX: Record<string, TimelineCategory> = {
  alert: 'alert',
  alerts: 'alert',
  escalation: 'paging',
  page: 'paging',
  diagnostics: 'evidence',
  evidence: 'evidence',
  action: 'action',
  actions: 'action',
  approval: 'action',
  remediation: 'action',
  executor: 'action',
  followup: 'followup',
  postmortem: 'postmortem',
  slack: 'chat',
  reminder: 'chat',
};

export function timelineCategory(kind: string): TimelineCategory {
  return EXACT[kind] ?? PREFIX[kind.split('.')[0] ?? ''] ?? 'other';
}

export function timelineActor(id: string | null): TimelineActor {
  if (id === null || id === '') return null;
  if (id === 'firebreak') return { kind: 'firebreak' };
  if (id.startsWith('alert:')) return { kind: 'alert', source: id.slice('alert:'.length) };
  if (id.startsWith('pagerduty:')) return { kind: 'pagerduty', name: id.slice('pagerduty:'.length) };
  if (/^[UW][A-Z0-9]{2,}$/.test(id)) return { kind: 'slack-user', id };
  return { kind: 'other', id };
}

const record = (data: unknown): Record<string, unknown> => (data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {});

/** Break-glass: an action taken without the approval its policy asks for — flagged wherever shown. */
function isBreakGlass(kind: string, data: unknown): boolean {
  const d = record(data);
  return d.breakGlass === true || d.break_glass === true || /break[-_]?glass/i.test(kind);
}

function linkOf(data: unknown): string | null {
  const d = record(data);
  for (const key of ['permalink', 'url', 'link']) {
    const v = d[key];
    if (typeof v === 'string' && /^https?:\/\//.test(v)) return v;
  }
  return null;
}

export function toTimelineItem(row: TimelinePageRow['items'][number]): TimelineItem {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    category: timelineCategory(row.kind),
    actor: timelineActor(row.actor),
    actorId: row.actor,
    text: row.message,
    breakGlass: isBreakGlass(row.kind, row.data),
    url: linkOf(row.data),
    data: row.data ?? null,
  };
}

export async function readTimeline(store: Transport, workflowId: string, q: TimelineQuery = {}): Promise<TimelinePage> {
  const limit = Math.max(1, Math.min(1000, Math.floor(q.limit ?? 50)));
  const page = await timelinePage(store, workflowId, q.before ?? null, limit);
  return { items: page.items.map(toTimelineItem), older: page.older };
}

/** Every entry, oldest first (for the post-mortem), at most `max`. */
export async function readWholeTimeline(store: Transport, workflowId: string, max = 5000): Promise<TimelineItem[]> {
  const pages: TimelineItem[][] = [];
  let before: number | undefined;
  let total = 0;
  for (;;) {
    const page = await readTimeline(store, workflowId, { limit: 1000, ...(before !== undefined && { before }) });
    pages.unshift(page.items);
    total += page.items.length;
    if (page.older === null || total >= max) break;
    before = page.older;
  }
  return pages.flat();
}
