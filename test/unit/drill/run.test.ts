// Tests: runDrill in process — steps answered as a responder would be, problems for steps that
// cannot be carried out, and events stamped with the virtual time
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
        - { targets: [U0ONE], timeout: 5m }
        - { targets: [U0TWO], timeout: 5m }
`;

describe('runDrill', () => {
  it('answers each step, fails a step with no incident to act on, and stamps events with the virtual time', { timeout: 120_000 }, async () => {
    const scenario = parseScenario(`
steps:
  - ack: {}
  - at: 1m
    alert: { title: Queue backlog, severity: critical }
  - at: 7m
    by: U0TWO
    ack: {}
  - at: 8m
    by: U0TWO
    ack: {}
  - until: 30m
`, 'drill.yaml');
    const config = parseFileConfig(CONFIG, 'firebreak.yaml');
    if (!scenario.ok || !config.ok) throw new Error('fixtures must parse');

    const outcome = await runDrill(scenario.value, config.value);

    expect(outcome.problems).toEqual(['line 3: acknowledge: no incident has been declared yet']);
    const steps = outcome.entries.flatMap((e) => (e.kind === 'step' ? [[e.atMs / 60_000, e.text, e.answer]] : []));
    expect(steps).toEqual([
      [0, 'acknowledge by U0DRILL', 'no incident has been declared yet'],
      [1, 'alert firing: Queue backlog (critical)', 'declared (incident #1)'],
      [7, 'acknowledge by U0TWO', 'Acknowledged incident #1.'],
      [8, 'acknowledge by U0TWO', 'Incident #1 is already acknowledged.'],
    ]);
    expect(outcome.pages.map((p) => [p.atMs / 60_000, p.level])).toEqual([[1, 1], [6, 2]]);
    // acknowledgedAt is the event's `at`, which the runner stamped from the drill's clock.
    expect(outcome.incidents).toEqual([{ number: 1, status: 'acknowledged', acknowledgedAtMs: 7 * 60_000, resolvedAtMs: null }]);
    expect(outcome.endMs).toBe(30 * 60_000);
  });
});
