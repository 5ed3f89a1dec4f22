// Tests: a drill scenario (YAML) → Scenario; every problem at once, each with its line
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';
import { DEFAULT_START, DRILL_ACTOR, parseScenario, type Scenario } from '../../../src/drill/scenario.js';

function scenario(text: string): Scenario {
  const result = parseScenario(text, 'drill.yaml');
  if (!result.ok) throw new Error(`expected a valid scenario, got: ${result.errors.join('; ')}`);
  return result.value;
}

function problems(text: string): string[] {
  const result = parseScenario(text, 'drill.yaml');
  if (result.ok) throw new Error('expected problems, got a valid scenario');
  return result.errors;
}

describe('parseScenario', () => {
  it('places each step on the virtual clock: at is absolute, advance relative, a bare action happens with the previous step', () => {
    const s = scenario(`
steps:
  - at: 0m
    alert: { title: Disk full, severity: critical, service: db }
  - advance: 10m
  - at: 12m
    ack: { by: U0SECOND }
  - severity: sev1
  - until: 2h
`);
    const kind = (a: (typeof s.steps)[number]['action']) => (a === null ? null : a.kind === 'change' ? a.change.kind : a.kind);
    expect(s.steps.map((st) => [st.atMs, kind(st.action)])).toEqual([
      [0, 'alert'], [600_000, null], [720_000, 'acknowledge'], [720_000, 'severity'], [7_200_000, null],
    ]);
    expect(s.steps.map((st) => st.line)).toEqual([3, 5, 6, 8, 9]);
    expect(s.steps[2]!.actor).toBe('U0SECOND');
    expect(s.steps[3]!.actor).toBe(DRILL_ACTOR);
    expect(s.startMs).toBe(Date.parse(DEFAULT_START));
    expect(s.config).toEqual({ kind: 'defaults' });
  });

  it('keys an alert by its title unless it names a key, and sends it as a generic firing alert by default', () => {
    const s = scenario(`
steps:
  - alert: { title: Disk full, tags: { region: eu, shard: 3 } }
  - alert: { key: disk-1, status: resolved }
`);
    expect(s.steps[0]!.action).toMatchObject({ kind: 'alert', alert: { key: 'Disk full', status: 'firing', tags: { region: 'eu', shard: '3' } } });
    expect(s.steps[1]!.action).toMatchObject({ kind: 'alert', alert: { key: 'disk-1', status: 'resolved', title: null } });
  });

  it('reads acknowledgements and resolves that come through PagerDuty, and empty options', () => {
    const s = scenario(`
steps:
  - ack: { via: pagerduty }
  - escalate:
  - resolve: { summary: rolled back }
  - page: [U0ONE, pagerduty]
  - snooze:
  - postmortem: dismissed
`);
    expect(s.steps.map((st) => st.action)).toEqual([
      { kind: 'pagerduty', action: 'acknowledged' },
      { kind: 'change', change: { kind: 'escalate', reason: null } },
      { kind: 'change', change: { kind: 'resolve', summary: 'rolled back' } },
      { kind: 'change', change: { kind: 'page', targets: ['U0ONE', 'pagerduty'], policies: [] } },
      { kind: 'change', change: { kind: 'snooze' } },
      { kind: 'change', change: { kind: 'postmortem', decision: 'dismissed' } },
    ]);
  });

  it('reads expectations with their lines; not_paged_after takes a time or a mapping', () => {
    const s = scenario(`
steps:
  - until: 1h
expect:
  - paged: { at: 10m, level: 2, target: U0SECOND }
  - not_paged_after: 12m
  - not_paged_after: { at: 20m, target: pagerduty }
  - exhausted_at: 40m
  - status: acknowledged
  - pages: 2
  - incidents: 1
  - timeline: { kind: escalation.paged, at: 10m, text: level 2 }
  - reminded: { at: 15m, about: status }
  - reminded:
`);
    expect(s.expect).toEqual([
      { kind: 'paged', atMs: 600_000, level: 2, target: 'U0SECOND', incident: null, line: 5 },
      { kind: 'not_paged_after', atMs: 720_000, target: null, line: 6 },
      { kind: 'not_paged_after', atMs: 1_200_000, target: 'pagerduty', line: 7 },
      { kind: 'exhausted_at', atMs: 2_400_000, line: 8 },
      { kind: 'status', status: 'acknowledged', incident: null, line: 9 },
      { kind: 'pages', count: 2, line: 10 },
      { kind: 'incidents', count: 1, line: 11 },
      { kind: 'timeline', entryKind: 'escalation.paged', atMs: 600_000, text: 'level 2', incident: null, line: 12 },
      { kind: 'reminded', atMs: 900_000, about: 'status', incident: null, line: 13 },
      { kind: 'reminded', atMs: null, about: null, incident: null, line: 14 },
    ]);
  });

  it('reports every problem with its line, top to bottom', () => {
    expect(problems(`
steps:
  - at: 10m
    note: first
  - at: 5m
    ack: { by: someone }
  - at: 20m
    note: a
    severity: sev1
  - advance: soon
  - wait: 5m
expect:
  - paged: { at: 10m }
    pages: 1
  - exhausted_at: 2
`)).toEqual([
      'steps[1].at (line 5): 5m is before the previous step (10m): steps run in time order',
      'steps[1].ack.by (line 6): expected a Slack user id like "U012ABCDEF"',
      'steps[2].note (line 8): one action per step, got severity and note',
      'steps[3].advance (line 10): expected a duration like "5m"',
      'steps[4].wait (line 11): unknown key',
      'steps[4] (line 11): expected at, advance or until, or an action (alert, ack, severity, update, note, resolve, escalate, page, snooze, postmortem, request, approve, deny, down, up)',
      'expect[0] (line 13): one expectation per line, got paged and pages',
      'expect[1].exhausted_at (line 15): expected a duration like "5m"',
    ]);
  });

  it('refuses a step that does nothing, an action on advance, and a page target it cannot page', () => {
    expect(problems(`
steps:
  - by: U0ONE
  - advance: 5m
    note: later
  - page: [nobody]
`)).toEqual([
      'steps[0] (line 3): expected at, advance or until, or an action (alert, ack, severity, update, note, resolve, escalate, page, snooze, postmortem, request, approve, deny, down, up)',
      'steps[1].advance (line 4): advance and until only run the clock: put the action in a step with at',
      expect.stringMatching(/^steps\[2\]\.page\[0\] \(line 6\): "nobody" is not a page target/),
    ]);
  });

  it('says where a YAML syntax error is', () => {
    expect(problems('steps:\n  - at: [0m\n')[0]).toMatch(/^drill\.yaml \(line \d\): YAML syntax error/);
  });

  it('keeps an inline config at its own lines, so its problems point into the scenario', () => {
    const s = scenario(`name: inline
config:
  escalation:
    policies:
      sre:
        levels:
          - targets: [U0ONE]
            timeout: soon
steps:
  - until: 1h
`);
    expect(s.config.kind).toBe('inline');
    const text = s.config.kind === 'inline' ? s.config.text : '';
    expect(text.split('\n')).toHaveLength(11);
    const parsed = parseFileConfig(text, 'drill.yaml');
    expect(parsed.ok ? [] : parsed.errors).toEqual(['escalation.policies.sre.levels[0].timeout (line 8): expected a duration like "5m"']);
  });

  it('refuses config and config_file together', () => {
    expect(problems('config: {}\nconfig_file: firebreak.yaml\nsteps:\n  - until: 1m\n')).toEqual([
      'config_file (line 2): give config or config_file, not both',
    ]);
  });
});
