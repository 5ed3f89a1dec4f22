// Tests: the timeline read model — categories by kind (and by family for kinds other features add),
// actors, break-glass and links; Markdown text escaping for the post-mortem.
import { describe, expect, it } from 'vitest';
import { flagBreakGlass, formatDuration, frozenTimeline, mdText } from '../../../src/reports/postmortem.js';
import { timelineActor, timelineCategory, toTimelineItem } from '../../../src/reports/timeline.js';

describe('timeline read model', () => {
  it('categorises known kinds, families of other features, and leaves unknown kinds as other', () => {
    expect(['incident.declared', 'alert.refired', 'escalation.paged', 'incident.acknowledged', 'approval.break_glass', 'diagnostics.answered', 'followup.done', 'timeline.message', 'something.new'].map(timelineCategory))
      .toEqual(['declaration', 'alert', 'paging', 'acknowledgement', 'action', 'evidence', 'followup', 'note', 'other']);
  });

  it('reads actors, break-glass and links', () => {
    expect([timelineActor('U0ONE'), timelineActor('alert:datadog'), timelineActor('pagerduty:ops'), timelineActor('firebreak'), timelineActor(null)])
      .toEqual([{ kind: 'slack-user', id: 'U0ONE' }, { kind: 'alert', source: 'datadog' }, { kind: 'pagerduty', name: 'ops' }, { kind: 'firebreak' }, null]);
    const item = toTimelineItem({ id: 7, at: '2026-12-01T10:00:00.000Z', kind: 'approval.succeeded', actor: 'firebreak', message: 'done', data: { number: 1, link: 'https://ci.example.com/run/1' } });
    expect(item).toMatchObject({ category: 'action', breakGlass: false, url: 'https://ci.example.com/run/1' });
    expect(toTimelineItem({ id: 8, at: item.at, kind: 'timeline.message', actor: 'U0ONE', message: 'x', data: { url: 'javascript:alert(1)' } }).url).toBeNull();
  });

  it('carries break-glass along every entry of the request, and freezes at the done entry', () => {
    const at = '2026-12-01T10:00:00.000Z';
    const rows = [
      toTimelineItem({ id: 1, at, kind: 'approval.requested', actor: 'U1', message: 'asked', data: { number: 2 } }),
      toTimelineItem({ id: 2, at, kind: 'approval.break_glass', actor: 'U1', message: 'BREAK-GLASS', data: { number: 2 } }),
      toTimelineItem({ id: 3, at, kind: 'approval.requested', actor: 'U1', message: 'other', data: { number: 3 } }),
      toTimelineItem({ id: 4, at, kind: 'incident.postmortem', actor: 'U1', message: 'done', data: { decision: 'done' } }),
      toTimelineItem({ id: 5, at, kind: 'incident.note', actor: 'U1', message: 'later', data: null }),
    ];
    expect(flagBreakGlass(rows).map((r) => r.breakGlass)).toEqual([true, true, false, false, false]);
    expect(frozenTimeline(rows, 'done').map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(frozenTimeline(rows, 'pending').map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('escapes Markdown and reads Slack markup as plain text; durations read short', () => {
    expect(mdText('a | b *c* [x](y) <@U1> <!subteam^S1|ops> <https://e.x|site>\nnext')).toBe('a \\| b \\*c\\* \\[x\\](y) @U1 @S1 site next');
    expect([formatDuration(0), formatDuration(90_000), formatDuration(3_723_000), formatDuration(null)]).toEqual(['0s', '1m 30s', '1h 2m 3s', '—']);
  });
});
