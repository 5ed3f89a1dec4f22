// Tests: `/incident followup` parsing — owner and due date at the end in either order, a number
// before text only as #N, real calendar dates only, `done <id>`.
import { describe, expect, it } from 'vitest';
import { followup, isCalendarDate } from '../../../../../src/edges/slack/commands/followup.js';

describe('followup parse', () => {
  it('reads text, owner and due date in either order', () => {
    expect(followup.parse(' Add a timeout <@U0OWNER|ann> due 2026-12-15')).toEqual({ kind: 'followup', incidentNumber: null, text: 'Add a timeout', owner: 'U0OWNER', due: '2026-12-15' });
    expect(followup.parse('#12 Add a timeout due 2026-12-15 <@U0OWNER>')).toEqual({ kind: 'followup', incidentNumber: 12, text: 'Add a timeout', owner: 'U0OWNER', due: '2026-12-15' });
    expect(followup.parse('12 servers need patching')).toEqual({ kind: 'followup', incidentNumber: null, text: '12 servers need patching', owner: null, due: null });
  });

  it('keeps a mention in the middle as text, and marks one done by id', () => {
    expect(followup.parse('Ask <@U0ANN|ann> about quotas')).toMatchObject({ text: 'Ask @ann about quotas', owner: null });
    expect(followup.parse('done #3')).toEqual({ kind: 'followup-done', id: 3 });
  });

  it('refuses a missing text and a date that is not one', () => {
    expect(followup.parse(' <@U0OWNER>')).toMatchObject({ kind: 'usage' });
    expect(followup.parse('Fix it due tomorrow')).toMatchObject({ kind: 'usage', message: expect.stringContaining('YYYY-MM-DD') });
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});
