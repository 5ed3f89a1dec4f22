// Tests: `down:` / `up:` steps in a drill — a PagerDuty outage on the virtual clock: the page's Slack
// part goes at once, the level's fallback after `after`, the breaker opens and closes on the drill's
// clock, and PagerDuty gets the trigger when it is back.
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';
import { runDrill } from '../../../src/drill/run.js';
import { parseScenario } from '../../../src/drill/scenario.js';

const CONFIG = `
routing:
  defaults: { policy: ops }
escalation:
  policies:
    ops:
      levels:
        - targets: [U0ONE, pagerduty]
          timeout: 1h
          fallback: { targets: [U0BACKUP], after: 5m }
runner:
  vendors:
    pagerduty: { failures_to_open: 3, probe_interval: 1m }
`;

describe('a drill with a vendor outage', () => {
  it('pages on Slack at once, falls back after 5 minutes, and triggers PagerDuty when it comes back', { timeout: 120_000 }, async () => {
    const scenario = parseScenario(`
steps:
  - down: pagerduty
  - at: 1m
    alert: { title: Queue backlog, severity: critical }
  - at: 30m
    up: pagerduty
  - until: 40m
expect:
  - timeline: { kind: escalation.fallback }
`, 'drill.yaml');
    const config = parseFileConfig(CONFIG, 'firebreak.yaml');
    if (!scenario.ok || !config.ok) throw new Error(`fixtures must parse: ${JSON.stringify(scenario.ok ? config : scenario)}`);

    const outcome = await runDrill(scenario.value, config.value);

    expect(outcome.problems).toEqual([]);
    const steps = outcome.entries.flatMap((e) => (e.kind === 'step' ? [[e.atMs / 60_000, e.text]] : []));
    expect(steps).toEqual([[0, 'pagerduty goes down'], [1, 'alert firing: Queue backlog (critical)'], [30, 'pagerduty comes back']]);
    const breaker = outcome.entries.flatMap((e) => (e.kind === 'adapter' && e.system === 'pagerduty' && /breaker/.test(e.text) ? [[e.atMs, e.text]] : []));
    expect(breaker).toHaveLength(2);
    expect(breaker[0]![1]).toMatch(/^pagerduty unreachable: breaker open/);
    expect(breaker[1]![1]).toMatch(/^pagerduty back after .*: breaker closed, 1 waiting effect\(s\) resume$/);
    // Closed by the first probe after 30 min (one a minute).
    expect(Number(breaker[1]![0])).toBeGreaterThanOrEqual(30 * 60_000);
    expect(Number(breaker[1]![0])).toBeLessThanOrEqual(31 * 60_000);

    const fallback = outcome.entries.find((e) => e.kind === 'timeline' && e.entryKind === 'escalation.fallback');
    expect(fallback).toMatchObject({ message: expect.stringMatching(/^pagerduty unreachable for 5 min: paging level 1's fallback U0BACKUP$/) });
    // The fallback comes once PagerDuty has been down (breaker open) for 5 minutes.
    expect(fallback!.atMs).toBeGreaterThanOrEqual(6 * 60_000);
    expect(fallback!.atMs).toBeLessThan(8 * 60_000);

    const [page] = outcome.pages;
    expect([...page!.reached.get('U0ONE')!]).toContain('slack DM');
    // The fallback's DM, 5 minutes after the breaker opened.
    const dm = outcome.entries.find((e) => e.kind === 'adapter' && e.text.startsWith('DM @U0BACKUP'));
    expect(dm!.atMs - Number(breaker[0]![0])).toBe(5 * 60_000);
    // Reached on PagerDuty too: its port refused every call until 30m, so after it came back.
    expect(page!.reached.get('pagerduty')).toEqual(new Set(['pagerduty']));
  });
});
