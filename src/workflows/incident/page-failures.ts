// Workflows: pages that did not get through. A failure is on the timeline and the summary until a
// retry gets through; a page given up for good is also said in the channel. Never silently lost.
import type { PageFailure } from './context.js';
import { ev, type Args } from './events.js';
import { fx, incidentSetup, refresh } from './setup.js';
import { record } from './timeline.js';

/** The summary shows the latest few. */
const MAX_PAGE_FAILURES = 5;

const addPageFailure = ({ context, event }: Args): PageFailure[] => {
  const e = ev(event, 'page.failed');
  const entry: PageFailure = { key: e.key, level: e.level, targets: e.targets, error: e.error, final: e.final, at: e.at ?? '' };
  return [...(context.pageFailures ?? []).filter((f) => f.key !== e.key), entry].slice(-MAX_PAGE_FAILURES);
};

/** 0-based level in the event → 1-based for people. */
const shown = (level: number | null) => (level === null ? null : level + 1);

const s = incidentSetup;

const failedRecord = record('escalation.page_failed', ({ event }) => {
  const e = ev(event, 'page.failed');
  return { level: shown(e.level), targets: e.targets, error: e.error, final: e.final };
});

export const pageFailureHandlers = s.createStateConfig({
  on: {
    'page.failed': [
      {
        guard: ({ event }) => ev(event, 'page.failed').final,
        actions: [
          s.assign({ pageFailures: addPageFailure }),
          failedRecord,
          ...refresh,
          fx('slack.notice', ({ context, event }) => {
            const e = ev(event, 'page.failed');
            return { incidentId: context.id, notice: { kind: 'page-failed', level: shown(e.level), targets: e.targets, error: e.error } };
          }),
        ],
      },
      { actions: [s.assign({ pageFailures: addPageFailure }), failedRecord, ...refresh] },
    ],
    'page.delivered': {
      guard: ({ context, event }) => (context.pageFailures ?? []).some((f) => f.key === ev(event, 'page.delivered').key),
      actions: [
        record('escalation.page_delivered', ({ context, event }) => {
          const failed = (context.pageFailures ?? []).find((f) => f.key === ev(event, 'page.delivered').key);
          return { level: shown(failed?.level ?? null) };
        }),
        s.assign({ pageFailures: ({ context, event }) => (context.pageFailures ?? []).filter((f) => f.key !== ev(event, 'page.delivered').key) }),
        ...refresh,
      ],
    },
  },
}).on;
