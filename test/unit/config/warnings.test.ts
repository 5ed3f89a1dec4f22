// Tests: `firebreak check` warnings — valid YAML that will not page as its author expects
import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';
import type { FileConfig } from '../../../src/config/file-schema.js';
import { configWarnings, formatWarnings, slackTargets, slackTargetWarnings, type EnvFacts } from '../../../src/config/warnings.js';
import { lineLocator } from '../../../src/config/yaml-locate.js';

const ALL: EnvFacts = { slackToken: true, pagerdutyRoutingKey: true };

function parse(text: string): FileConfig {
  const parsed = parseFileConfig(text, 'firebreak.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

/** The warning lines for `text` as `firebreak check` prints them. */
function warn(text: string, env: EnvFacts = ALL): string[] {
  return formatWarnings(configWarnings(parse(text), env), lineLocator(text));
}

describe('configWarnings', () => {
  it('has nothing to say about a policy that routing uses and the environment can page', () => {
    expect(warn(`
routing:
  defaults: { policy: sre }
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0A, pagerduty], timeout: 5m }
        - { targets: [oncall@example.com, S0GROUP, "pagerduty:payments"], timeout: 10m }
pagerduty:
  services:
    payments: { routing_key_env: PD_PAYMENTS_KEY }
`)).toEqual([]);
  });

  it('warns about waits of 0: the next level is paged at once, or the policy moves on at once', () => {
    expect(warn(`routing:
  defaults: { policy: sre }
  rules:
    - { match: { service: [db] }, policy: db }
escalation:
  policies:
    sre:
      levels:
        - targets: [U0A]
          timeout: 0s
        - targets: [U0B]
          timeout: 0ms
    db:
      repeat: 2
      levels:
        - { targets: [U0C], timeout: 0m }
`)).toEqual([
      'warning: escalation.policies.sre.levels[0].timeout (line 10): a wait of 0: nobody gets time to acknowledge level 1; level 2 is paged at once',
      'warning: escalation.policies.sre.levels[1].timeout (line 12): a wait of 0 on the last level: the policy is exhausted as soon as this level is paged',
      'warning: escalation.policies.db.levels[0].timeout (line 16): a wait of 0 on the last level: the policy starts over at once (repeat: 2), with no time to acknowledge',
    ]);
  });

  it('calls a level unreachable when none of its targets can be paged with this environment', () => {
    const text = `routing:
  defaults: { policy: sre }
escalation:
  policies:
    sre:
      levels:
        - { targets: [pagerduty], timeout: 5m }
        - { targets: [U0A, S0GROUP], timeout: 5m }
        - { targets: ["pagerduty:payments"], timeout: 5m }
pagerduty:
  services:
    payments: { routing_key_env: PD_PAYMENTS_KEY }
`;
    expect(warn(text, { slackToken: false, pagerdutyRoutingKey: false })).toEqual([
      'warning: escalation.policies.sre.levels[0] (line 7): unreachable: level 1 pages nobody with this environment (pagerduty needs PAGERDUTY_ROUTING_KEY (or name a service: pagerduty:<service>, defined under pagerduty.services)); escalation only waits here',
      'warning: escalation.policies.sre.levels[1] (line 8): unreachable: level 2 pages nobody with this environment (Slack targets need SLACK_BOT_TOKEN (without it chat goes to the log)); escalation only waits here',
    ]);
    expect(warn(text, { slackToken: true, pagerdutyRoutingKey: false })).toHaveLength(1);
    expect(warn(text, ALL)).toEqual([]);
  });

  it('names each target that is not paged when others in its level are', () => {
    expect(warn(`routing:
  defaults: { policy: sre }
escalation:
  policies:
    sre:
      levels:
        - targets:
            - U0A
            - pagerduty
          timeout: 5m
`, { slackToken: true, pagerdutyRoutingKey: false })).toEqual([
      'warning: escalation.policies.sre.levels[0].targets[1] (line 9): not paged: pagerduty needs PAGERDUTY_ROUTING_KEY (or name a service: pagerduty:<service>, defined under pagerduty.services)',
    ]);
  });

  it('warns about a policy no routing rule or default uses', () => {
    expect(warn(`routing:
  rules:
    - { match: { service: [db] }, policy: db }
escalation:
  policies:
    db: { levels: [{ targets: [U0A], timeout: 5m }] }
    forgotten: { levels: [{ targets: [U0B], timeout: 5m }] }
`)).toEqual([
      'warning: escalation.policies.forgotten (line 7): routing never picks it: no rule names this policy and it is not routing.defaults.policy (only /incident page forgotten reaches it)',
    ]);
  });

  it('warns about the same target twice in a level, however it is written', () => {
    expect(warn(`routing:
  defaults: { policy: sre }
escalation:
  policies:
    sre:
      levels:
        - targets:
            - U0A
            - Oncall@Example.com
            - U0A
            - oncall@example.com
          timeout: 5m
        - { targets: [U0A], timeout: 5m }
`)).toEqual([
      'warning: escalation.policies.sre.levels[0].targets[2] (line 10): duplicate of targets[0] (U0A): paged once',
      'warning: escalation.policies.sre.levels[0].targets[3] (line 11): duplicate of targets[1] (Oncall@Example.com): paged once',
    ]);
  });
});

describe('slackTargets and slackTargetWarnings', () => {
  const text = `routing:
  defaults: { policy: sre }
escalation:
  policies:
    sre:
      levels:
        - { targets: [U0GONE, pagerduty], timeout: 5m }
        - targets: [Gone@Example.com, S0EMPTY, U0GONE]
          timeout: 5m
`;
  it('lists each Slack target once and places what Slack said on every level that names it', () => {
    const file = parse(text);
    expect(slackTargets(file)).toEqual([
      { kind: 'slack-user', id: 'U0GONE' },
      { kind: 'slack-email', email: 'gone@example.com' },
      { kind: 'slack-group', id: 'S0EMPTY' },
    ]);
    const problems = new Map([['U0GONE', 'no such Slack user'], ['gone@example.com', 'no Slack user has this email'], ['S0EMPTY', 'the group has no members']]);
    expect(formatWarnings(slackTargetWarnings(file, problems), lineLocator(text))).toEqual([
      'warning: escalation.policies.sre.levels[0].targets[0] (line 7): no such Slack user',
      'warning: escalation.policies.sre.levels[1].targets[0] (line 8): no Slack user has this email',
      'warning: escalation.policies.sre.levels[1].targets[1] (line 8): the group has no members',
      'warning: escalation.policies.sre.levels[1].targets[2] (line 8): no such Slack user',
    ]);
  });
});
