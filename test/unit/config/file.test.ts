// Tests: firebreak.yaml → FileConfig; every problem at once, each with its YAML line
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFileConfig, parseFileConfig } from '../../../src/config/file.js';
import { defaultFileConfig, type FileConfig } from '../../../src/config/file-schema.js';
import { ALERT_SOURCES } from '../../../src/domain/alert.js';
import { DEFAULT_MASKING } from '../../../src/domain/masking.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/config', name), 'utf8');

function problems(text: string): string[] {
  const result = parseFileConfig(text, 'firebreak.yaml');
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.errors;
}

function config(text: string): FileConfig {
  const result = parseFileConfig(text, 'firebreak.yaml');
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.errors.join('; ')}`);
  return result.value;
}

const DEFAULTS: FileConfig = {
  version: 1,
  runner: {
    scheduler: { pollIntervalMs: 250, batchSize: 200, leaseMs: 30_000 },
    dispatcher: { concurrency: 64, batchSize: 50, leaseMs: 60_000, maxAttempts: 8, retryForMs: 24 * 3_600_000, retryForByEffect: {}, backoff: { initialMs: 1_000, maxMs: 300_000 } },
    vendors: {},
    shutdownDrainMs: 5_000,
    shutdownTimeoutMs: 10_000,
    snapshotCache: 1000,
  },
  routing: {
    correlationWindowMs: 30 * 60_000,
    severityMap: {},
    defaults: { declare: 'sev2', policy: null, responders: [], correlateAcrossSources: false },
    rules: [],
    repositories: {},
  },
  slack: {
    channelPattern: 'inc-{number}-{slug}',
    privateChannels: false,
    announceChannel: null,
    archiveAfterMs: null,
    closeAfterMs: null,
    severities: defaultFileConfig().slack.severities,
  },
  escalation: { policies: {}, webhooks: {} },
  reminders: {
    statusUpdateMs: { sev1: 15 * 60_000, sev2: 30 * 60_000, sev3: null, sev4: null },
    snoozeMs: 30 * 60_000,
    postmortem: { after: { workingDays: 2 }, repeatEvery: { workingDays: 1 } },
  },
  sources: {
    trustedProxies: [],
    bySource: Object.fromEntries(ALERT_SOURCES.map((name) => [name, { allowFrom: null, maxAlertsPerDelivery: 1000, maxDeclarationsPerMinute: 20 }])) as FileConfig['sources']['bySource'],
  },
  actions: {},
  remediation: { protectedIps: [], protectedAccounts: [], maxPrefix: { v4: 24, v6: 48 } },
  diagnostics: {
    enabled: true,
    onDeclare: true,
    sources: { datadog: true, sentry: true, pagerduty: true, probes: true, changes: true },
    timeoutMs: 5000,
    cacheMs: 60_000,
    maxConcurrent: 16,
    changesWindowMs: 2 * 60 * 60_000,
    probes: [],
    services: {},
  },
  detections: [],
  masking: DEFAULT_MASKING,
  retention: { rawPayloadsMs: 30 * 86_400_000, incidentsMs: 1095 * 86_400_000, securityEventsMs: 1095 * 86_400_000, auditMs: 2555 * 86_400_000, runEveryMs: 3_600_000 },
  access: {
    roles: {},
    allow: {
      declare: ['everyone'], ack: ['everyone'], note: ['everyone'], status: ['everyone'], resolve: ['everyone'], close: ['everyone'], sev: ['everyone'],
      escalate: ['everyone'], page: ['everyone'], 'page-policy': ['everyone'], role: ['everyone'], invite: ['incident-commander', 'admins'],
      snooze: ['everyone'], postmortem: ['everyone'],
    },
    guests: 'read-only',
    external: 'read-only',
    limits: {},
  },
  pagerduty: { services: {} },
  targets: {},
  followups: { github: null, jira: null },
  postmortems: { github: null },
};

describe('parseFileConfig', () => {
  it('reports every problem in a file at once, top to bottom, each with its line', () => {
    expect(problems(fixture('several-problems.yaml'))).toEqual([
      'runner.scheduler.pol_interval (line 5): unknown key',
      'runner.scheduler.batch_size (line 6): expected at least 1, got 0',
      'runner.dispatcher.concurrency (line 8): expected a number, got "many"',
      'runner.dispatcher.backoff.max (line 11): expected at least backoff.initial (10m), got 1m',
      'runner.shutdown_timeout (line 12): expected a duration like "5m"',
      'escalation.policies.sre.levels[1].targets (line 19): expected at least 1 item',
      'escalation.policies.sre.levels[1].timeout (line 20): expected a duration like "5m"',
      'escalation.policies.sre.levels[2].timeout (line 21): missing required key',
      'escalation.policies.sre.repeat (line 22): expected at least 0, got -1',
    ]);
  });

  it('catches a typo as an unknown key on the typo line, at any depth', () => {
    expect(problems('version: 1\nrunner:\n  scheduler:\n    pol_interval: 250ms\nrouter: []\n')).toEqual([
      'runner.scheduler.pol_interval (line 4): unknown key',
      'router (line 5): unknown key',
    ]);
  });

  it('puts a missing required key on the line of the entry that lacks it', () => {
    const text = ['escalation:', '  policies:', '    sre:', '      levels:', '        - targets: [U0PRIMARY]', ''].join('\n');
    expect(problems(text)).toEqual(['escalation.policies.sre.levels[0].timeout (line 5): missing required key']);
  });

  it('reports an empty value on its key line', () => {
    expect(problems('runner:\n  shutdown_timeout:\n  snapshot_cache: 10\n')).toEqual([
      'runner.shutdown_timeout (line 2): expected a duration like "5m"',
    ]);
  });

  it('quotes keys that are not plain words in the path', () => {
    const text = 'escalation:\n  policies:\n    "db.primary":\n      levels:\n        - targets: [U0DBA]\n          timeout: 5\n';
    expect(problems(text)).toEqual(['escalation.policies["db.primary"].levels[0].timeout (line 6): expected a duration like "5m"']);
  });

  it('reports wrong shapes in YAML words', () => {
    expect(problems('routing: none\nrunner: [1]\nversion: 2\n')).toEqual([
      'routing (line 1): expected a mapping, got "none"',
      'runner (line 2): expected a mapping, got a list',
      'version (line 3): expected 1, got 2',
    ]);
    expect(problems('- runner\n')).toEqual(['(top level) (line 1): expected a mapping, got a list']);
  });

  it('enforces floors on durations that would make the runner spin', () => {
    expect(problems('runner:\n  scheduler:\n    poll_interval: 5ms\n    lease: 500ms\n')).toEqual([
      'runner.scheduler.poll_interval (line 3): expected at least 10ms, got 5ms',
      'runner.scheduler.lease (line 4): expected at least 1s, got 500ms',
    ]);
  });

  it('caps the shutdown drain at 5m, since the orchestrator kills a replica that drains longer', () => {
    expect(problems('runner:\n  shutdown_drain: 10m\n')).toEqual([
      'runner.shutdown_drain (line 2): expected at most 5m (the orchestrator kills a pod that takes longer), got 10m',
    ]);
  });

  it('reports YAML syntax errors with the file name and line', () => {
    expect(problems('runner:\n  snapshot_cache: 1\n  snapshot_cache: 2\n')).toEqual([
      'firebreak.yaml (line 3): YAML syntax error: Map keys must be unique',
    ]);
  });

  it('uses the built-in defaults for an empty file, a comment-only file and empty sections', () => {
    expect(config('')).toEqual(DEFAULTS);
    expect(config('# nothing here yet\n')).toEqual(DEFAULTS);
    expect(config('runner:\n  scheduler:\nescalation:\n')).toEqual(DEFAULTS);
    expect(defaultFileConfig()).toEqual(DEFAULTS);
  });

  it('maps snake_case to camelCase and durations to milliseconds', () => {
    const value = config(
      [
        'runner:',
        '  scheduler: { poll_interval: 100ms, batch_size: 10, lease: 1m }',
        '  dispatcher:',
        '    concurrency: 4',
        '    max_attempts: 3',
        '    backoff: { initial: 500ms, max: 1h }',
        '  shutdown_drain: 0s',
        '  shutdown_timeout: 1m30s',
        '  snapshot_cache: 0',
        'escalation:',
        '  policies:',
        '    sre:',
        '      levels:',
        '        - { targets: [U0PRIMARY], timeout: 5m }',
        '        - { targets: [U0SECONDARY, lead@example.com], timeout: 1h30m }',
        '      repeat: 2',
      ].join('\n'),
    );
    expect(value.runner).toEqual({
      scheduler: { pollIntervalMs: 100, batchSize: 10, leaseMs: 60_000 },
      dispatcher: { concurrency: 4, batchSize: 50, leaseMs: 60_000, maxAttempts: 3, retryForMs: 86_400_000, retryForByEffect: {}, backoff: { initialMs: 500, maxMs: 3_600_000 } },
      vendors: {},
      shutdownDrainMs: 0,
      shutdownTimeoutMs: 90_000,
      snapshotCache: 0,
    });
    expect(value.escalation.policies).toEqual({
      sre: {
        levels: [
          { targets: ['U0PRIMARY'], timeoutMs: 300_000 },
          { targets: ['U0SECONDARY', 'lead@example.com'], timeoutMs: 5_400_000 },
        ],
        repeat: 2,
      },
    });
  });
});

describe('loadFileConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-config-'));

  it('falls back to the built-in defaults when the default file is absent', () => {
    expect(loadFileConfig(join(dir, 'firebreak.yaml'), { explicit: false })).toEqual({ ok: true, value: DEFAULTS, source: 'defaults', text: '' });
  });

  it('refuses a missing file the operator named, naming FIREBREAK_CONFIG', () => {
    const path = join(dir, 'typo.yaml');
    expect(loadFileConfig(path, { explicit: true })).toEqual({ ok: false, errors: [`FIREBREAK_CONFIG: no file at ${path}`] });
  });

  it('reads a file that exists and says it came from the file', () => {
    const path = join(dir, 'ok.yaml');
    writeFileSync(path, 'runner:\n  snapshot_cache: 5\n');
    const result = loadFileConfig(path, { explicit: false });
    expect(result).toMatchObject({ ok: true, source: 'file', value: { runner: { snapshotCache: 5 } } });
  });

  it('labels syntax errors with the path it read', () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'a: 1\na: 2\n');
    expect(loadFileConfig(path, { explicit: true })).toEqual({
      ok: false,
      errors: [`${path} (line 2): YAML syntax error: Map keys must be unique`],
    });
  });

  it('reports an unreadable path in one line', () => {
    expect(loadFileConfig(dir, { explicit: true })).toEqual({ ok: false, errors: [`FIREBREAK_CONFIG: cannot read ${dir} (EISDIR)`] });
  });
});

describe('routing', () => {
  it('reads rules with their matchers and maps durations and severities', () => {
    const cfg = config(`routing:
  correlation_window: 10m
  defaults: { declare: sev1 }
  severity:
    datadog: { P2: sev1 }
  rules:
    - name: checkout
      match: { source: [datadog], tags: { env: prod } }
      service: checkout
      declare: sev3
escalation:
  policies:
    sre: { levels: [{ targets: ['U0ONCALL'], timeout: 5m }] }
`);
    expect(cfg.routing.correlationWindowMs).toBe(600_000);
    expect(cfg.routing.defaults).toEqual({ declare: 'sev1', policy: null, responders: [], correlateAcrossSources: false });
    // The file's words only, lower-cased: Datadog's own (its descriptor's) lie under them when routed.
    expect(cfg.routing.severityMap).toEqual({ datadog: { p2: 'sev1' } });
    expect(cfg.routing.rules).toEqual([
      { name: 'checkout', match: { source: ['datadog'], tags: { env: 'prod' } }, service: 'checkout', declare: 'sev3' },
    ]);
  });

  it('names a rule whose policy is not defined, with its line', () => {
    expect(problems(`routing:
  rules:
    - match: { service: [api] }
      policy: nobody
`)).toEqual(['routing.rules[0].policy (line 4): no escalation policy named "nobody" (define it under escalation.policies)']);
  });
  it('names a target it cannot page, and a webhook target with no webhook defined, with their lines', () => {
    expect(problems(`escalation:
  policies:
    sre:
      levels:
        - targets: [primary-oncall, U0PRIMARY, webhook:ops]
          timeout: 5m
`)).toEqual([
      'escalation.policies.sre.levels[0].targets[0] (line 5): "primary-oncall" is not a page target: expected a Slack user id (U…), a Slack user email, a Slack user group id (S…), pagerduty, pagerduty:<service> or webhook:<name>',
      'escalation.policies.sre.levels[0].targets[2] (line 5): no webhook named "ops" (define it under escalation.webhooks)',
    ]);
  });

  it('reads PagerDuty services by name, and names a target whose service is not defined', () => {
    const cfg = config('pagerduty:\n  services:\n    payments: { routing_key_env: PD_PAYMENTS_KEY }\n');
    expect(cfg.pagerduty).toEqual({ services: { payments: { routingKeyEnv: 'PD_PAYMENTS_KEY' } } });
    expect(problems('escalation:\n  policies:\n    sre: { levels: [{ targets: ["pagerduty:billing"], timeout: 5m }] }\n')).toEqual([
      'escalation.policies.sre.levels[0].targets[0] (line 3): no PagerDuty service named "billing" (define it under pagerduty.services with its routing_key_env)',
    ]);
    expect(problems('pagerduty:\n  services:\n    payments: { routing_key_env: lower }\n')).toEqual([
      'pagerduty.services.payments.routing_key_env (line 3): expected an environment variable name like "PD_PAYMENTS_KEY"',
    ]);
    expect(problems('pagerduty:\n  services:\n    Payments: { routing_key_env: PD_KEY }\n').join('\n')).toContain('a service name is lowercase letters, digits, - and _ (at most 31)');
  });

  it('reads webhook targets: url, the env var holding the signing secret, and a timeout', () => {
    const cfg = config(`escalation:
  webhooks:
    ops: { url: "https://hooks.example.com/page", secret_env: OPS_WEBHOOK_SECRET }
  policies:
    sre: { levels: [{ targets: [webhook:ops, ops@example.com, S0LEADS, "pagerduty:payments"], timeout: 5m }] }
pagerduty:
  services:
    payments: { routing_key_env: PD_PAYMENTS_KEY }
`);
    expect(cfg.escalation.webhooks).toEqual({ ops: { url: 'https://hooks.example.com/page', secretEnv: 'OPS_WEBHOOK_SECRET', timeoutMs: 5000 } });
    expect(problems('escalation:\n  webhooks:\n    ops: { url: "ftp://x", secret_env: lower }\n')).toEqual([
      'escalation.webhooks.ops.url (line 3): expected an http(s) URL',
      'escalation.webhooks.ops.secret_env (line 3): expected an environment variable name like "OPS_WEBHOOK_SECRET"',
    ]);
  });
});
