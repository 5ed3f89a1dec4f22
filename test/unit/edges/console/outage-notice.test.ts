// The list page says which vendor Firebreak cannot reach and what waits for it (issue 14: people can see it).
import { describe, expect, it } from 'vitest';
import { listView, outageNotice } from '../../../../src/edges/console/list-page.js';
import { parseListQuery } from '../../../../src/edges/console/query.js';

describe('outage notice', () => {
  it('names each unreachable vendor, how long, and the effects waiting; nothing when all are up', () => {
    expect(outageNotice([]).text).toBe('');
    const text = outageNotice([{ vendor: 'slack', down_ms: 12 * 60_000, waiting: 1234 }, { vendor: 'webhook:<ops>', down_ms: 5_000, waiting: 1 }]).text;
    expect(text).toContain('<strong>Slack unreachable</strong>');
    expect(text).toContain('1,234 effect(s) wait for it');
    expect(text).toContain('webhook:&lt;ops&gt; unreachable');
    expect(text).toContain('role="status"');
  });

  it('is shown at the top of the incident list', () => {
    const q = parseListQuery(new URLSearchParams());
    if (!q.ok) throw new Error(q.message);
    const page = listView(q.value, { items: [], total: 0 } as never, [], [{ vendor: 'pagerduty', down_ms: 90_000, waiting: 3 }]).text;
    expect(page.indexOf('id="vendor-outages"')).toBeGreaterThan(page.indexOf('<h1>Incidents</h1>'));
    expect(page.indexOf('id="vendor-outages"')).toBeLessThan(page.indexOf('<form'));
    expect(page).toContain('PagerDuty unreachable');
  });
});
