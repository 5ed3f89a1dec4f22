// Tests: a drill's expectations against what it recorded, and how pages and times are printed
import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../../src/drill/expect.js';
import type { DrillEntry, PageRecord } from '../../../src/drill/recorder.js';
import { formatOffset, pageLine, renderReport } from '../../../src/drill/report.js';
import type { DrillOutcome } from '../../../src/drill/run.js';
import type { Expectation, LocatedExpectation } from '../../../src/drill/scenario.js';

const MIN = 60_000;

function page(atMin: number, level: number | null, reached: Record<string, string[]>, targets = Object.keys(reached)): PageRecord {
  return {
    atMs: atMin * MIN, incident: 1, level, round: 0, reason: 'escalation', targets,
    reached: new Map(Object.entries(reached).filter(([, ways]) => ways.length > 0).map(([t, ways]) => [t, new Set(ways)])),
  };
}

function outcome(pages: PageRecord[], extra: Partial<DrillOutcome> = {}): DrillOutcome {
  const entries: DrillEntry[] = pages.map((p) => ({ kind: 'page', atMs: p.atMs, page: p }));
  return { entries, pages, incidents: [{ number: 1, status: 'acknowledged', acknowledgedAtMs: 12 * MIN, resolvedAtMs: null }], firings: [], problems: [], endMs: 60 * MIN, ...extra };
}

const at = (e: Expectation, line = 1): LocatedExpectation => ({ ...e, line });

describe('checkExpectations', () => {
  const o = outcome([
    page(0, 1, { U0ONE: ['slack', 'slack DM'] }),
    page(10, 2, { U0TWO: ['slack'], pagerduty: ['pagerduty'] }),
    page(25, 3, { U0GONE: [] }),
  ]);

  it('finds a page by exact time, level and target', () => {
    const [hit, wrongTime, wrongLevel, anyone] = checkExpectations([
      at({ kind: 'paged', atMs: 10 * MIN, level: 2, target: 'pagerduty', incident: null }),
      at({ kind: 'paged', atMs: 11 * MIN, level: 2, target: 'U0TWO', incident: null }),
      at({ kind: 'paged', atMs: null, level: 1, target: 'U0TWO', incident: null }),
      at({ kind: 'paged', atMs: null, level: null, target: null, incident: 1 }),
    ], o);
    expect(hit).toMatchObject({ ok: true, actual: null });
    expect(wrongTime).toMatchObject({ ok: false, expected: 'paged U0TWO at level 2 at +00:11:00' });
    expect(wrongTime!.actual).toContain('+00:10:00 level 2 → U0TWO (slack), pagerduty');
    expect(wrongLevel!.ok).toBe(false);
    expect(anyone!.ok).toBe(true);
  });

  it('does not count a target the adapters never reached as paged', () => {
    const [gone, after] = checkExpectations([
      at({ kind: 'paged', atMs: 25 * MIN, level: 3, target: 'U0GONE', incident: null }),
      at({ kind: 'not_paged_after', atMs: 10 * MIN, target: null }),
    ], o);
    expect(gone!.ok).toBe(false);
    expect(after!.ok).toBe(true);
  });

  it('fails not_paged_after with the pages that came later, optionally for one target', () => {
    const [late, otherTarget] = checkExpectations([
      at({ kind: 'not_paged_after', atMs: 5 * MIN, target: null }),
      at({ kind: 'not_paged_after', atMs: 5 * MIN, target: 'U0ONE' }),
    ], o);
    expect(late).toMatchObject({ ok: false, expected: 'no page after +00:05:00', actual: 'paged at +00:10:00 (level 2 → U0TWO (slack), pagerduty)' });
    expect(otherTarget).toMatchObject({ ok: true, expected: 'no page to U0ONE after +00:05:00' });
  });

  it('counts pages and incidents, and reads the latest incident status', () => {
    const verdicts = checkExpectations([
      at({ kind: 'pages', count: 2 }),
      at({ kind: 'pages', count: 3 }),
      at({ kind: 'incidents', count: 1 }),
      at({ kind: 'status', status: 'acknowledged', incident: null }),
      at({ kind: 'status', status: 'resolved', incident: null }),
    ], o);
    expect(verdicts.map((v) => v.ok)).toEqual([true, false, true, true, false]);
    expect(verdicts[4]!.actual).toBe('incident #1 ends acknowledged');
  });

  it('finds timeline entries by kind, time and text; exhausted_at and reminded are timeline entries too', () => {
    const entries: DrillEntry[] = [
      { kind: 'timeline', atMs: 50 * MIN, incident: 1, entryKind: 'escalation.exhausted', message: 'Escalation exhausted' },
      { kind: 'timeline', atMs: 15 * MIN, incident: 1, entryKind: 'reminder.status', message: 'Reminded the channel: no status update for 15m' },
    ];
    const verdicts = checkExpectations([
      at({ kind: 'exhausted_at', atMs: 50 * MIN }),
      at({ kind: 'exhausted_at', atMs: 40 * MIN }),
      at({ kind: 'timeline', entryKind: 'reminder.status', atMs: 15 * MIN, text: 'status update', incident: 1 }),
      at({ kind: 'timeline', entryKind: 'reminder.status', atMs: 30 * MIN, text: null, incident: null }),
      at({ kind: 'reminded', atMs: 15 * MIN, about: 'status', incident: null }),
      at({ kind: 'reminded', atMs: 15 * MIN, about: 'postmortem', incident: null }),
      at({ kind: 'reminded', atMs: 30 * MIN, about: null, incident: null }),
    ], outcome([], { entries }));
    expect(verdicts.map((v) => v.ok)).toEqual([true, false, true, false, true, false, false]);
    expect(verdicts[1]!.actual).toBe('exhausted at +00:50:00');
    expect(verdicts[3]!.actual).toBe('reminder.status at +00:15:00');
    expect(verdicts[5]).toMatchObject({ expected: 'a post-mortem reminder at +00:15:00', actual: 'no reminder fired' });
    expect(verdicts[6]).toMatchObject({ expected: 'a reminder at +00:30:00', actual: 'reminders at +00:15:00' });
  });
});

describe('detection expectations', () => {
  const firing = { rule: 'failed-logins', key: '203.0.113.7', count: 10, atMs: 4 * MIN, incident: 1, tags: { detection: 'failed-logins', ip: '203.0.113.7', propose: 'block_ip' } };
  const o = outcome([], { firings: [firing] });

  it('finds a firing by rule, key, time, incident and alert tags, and says what fired instead', () => {
    const [hit, wrongKey, wrongTag, notFired, firedAnyway] = checkExpectations([
      at({ kind: 'fired', rule: 'failed-logins', key: '203.0.113.7', atMs: 4 * MIN, incident: 1, tags: { ip: '203.0.113.7', propose: 'block_ip' } }),
      at({ kind: 'fired', rule: 'failed-logins', key: '192.0.2.1', atMs: null, incident: null, tags: {} }),
      at({ kind: 'fired', rule: 'failed-logins', key: null, atMs: null, incident: null, tags: { propose: 'disable_account' } }),
      at({ kind: 'not_fired', rule: 'failed-logins', key: '192.0.2.1' }),
      at({ kind: 'not_fired', rule: 'failed-logins', key: null }),
    ], o);
    expect(hit).toMatchObject({ ok: true, expected: 'failed-logins fired for 203.0.113.7 at +00:04:00 into incident #1 tagged ip=203.0.113.7 propose=block_ip' });
    expect(wrongKey).toMatchObject({ ok: false, actual: 'firings: failed-logins for 203.0.113.7 at +00:04:00 into #1 [detection=failed-logins ip=203.0.113.7 propose=block_ip]' });
    expect(wrongTag!.ok).toBe(false);
    expect(notFired).toMatchObject({ ok: true, expected: 'failed-logins never fired for 192.0.2.1' });
    expect(firedAnyway!.ok).toBe(false);
    expect(checkExpectations([at({ kind: 'fired', rule: 'x', key: null, atMs: null, incident: null, tags: {} })], outcome([]))[0]!.actual).toBe('no detection fired');
  });
});

describe('report', () => {
  it('prints virtual offsets as hours, minutes and seconds', () => {
    expect(formatOffset(0)).toBe('+00:00:00');
    expect(formatOffset(2 * 3_600_000 + 5 * MIN + 2_000)).toBe('+02:05:02');
    expect(formatOffset(1_500)).toBe('+00:00:01.500');
  });

  it('prints a page with its level, repeat and how each target was reached', () => {
    expect(pageLine({ ...page(0, 2, { U0TWO: ['slack', 'slack DM'], pagerduty: ['pagerduty'], U0NONE: [] }), round: 1 }))
      .toBe('level 2 (repeat 1) → U0TWO (slack, slack DM), pagerduty, U0NONE (not reached)');
    expect(pageLine(page(0, null, { 'webhook:ops': ['webhook'] }))).toBe('by hand → webhook:ops');
  });

  it('ends with each expectation ticked or crossed, naming its line', () => {
    const o = outcome([page(0, 1, { U0ONE: ['slack'] })]);
    const verdicts = checkExpectations([at({ kind: 'pages', count: 1 }, 7), at({ kind: 'pages', count: 2 }, 8)], o);
    const text = renderReport({ title: 't', startIso: '2026-01-05T03:00:00.000Z', outcome: o, verdicts }).join('\n');
    expect(text).toContain('+00:00:00  #1  PAGE                   level 1 → U0ONE (slack)');
    expect(text).toContain('  ✓ 1 page in all (line 7)');
    expect(text).toContain('  ✗ 2 pages in all (line 8)\n      but 1: pages: +00:00:00 level 1 → U0ONE (slack)');
    expect(text).toContain('1 of 2 expectations failed.');
    expect(text).toContain('Incidents: #1 acknowledged (acknowledged +00:12:00)');
  });
});
