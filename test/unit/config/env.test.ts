// Tests: environment → Env; one line per problem, naming the variable, never a secret's value
import { describe, expect, it } from 'vitest';
import { describeIntegrations } from '../../../src/config/describe-integrations.js';
import { parseEnv, type Env } from '../../../src/config/env.js';
import { Secret } from '../../../src/config/secret.js';
import { closedSources } from '../../../src/integrations/sources.js';

/** As main.ts says it: the sources' descriptors name the closed webhooks. */
const describeWithSources = (env: Env) => describeIntegrations(env, closedSources(env));

function parsed(env: Record<string, string | undefined>): Env {
  const result = parseEnv(env);
  if (!result.ok) throw new Error(`expected a valid env, got: ${result.errors.join('; ')}`);
  return result.value;
}

function errors(env: Record<string, string | undefined>): string[] {
  const result = parseEnv(env);
  if (result.ok) throw new Error('expected problems, got a valid env');
  return result.errors;
}

describe('parseEnv', () => {
  it('runs on defaults with nothing set: embedded store, local mode, vendor URLs from the contract', () => {
    const env = parsed({});
    expect(env).toMatchObject({
      port: 3000,
      logLevel: 'info',
      configPath: './firebreak.yaml',
      configPathExplicit: false,
      dataDir: './data',
      store: { kind: 'embedded', dataDir: './data' },
      slack: { apiUrl: 'https://slack.com/api/' },
      pagerduty: { apiUrl: 'https://api.pagerduty.com', eventsUrl: 'https://events.pagerduty.com' },
      datadog: { site: 'datadoghq.com', apiUrl: 'https://api.datadoghq.com' },
      sentry: { apiUrl: 'https://sentry.io/api/0/' },
    });
    expect(env.slack.botToken).toBeUndefined();
  });

  it('treats empty and blank values as unset', () => {
    const env = parsed({ PORT: '', FIREBREAK_CONFIG: '', SLACK_BOT_TOKEN: '', DATABASE_URL: '  ' });
    expect(env.port).toBe(3000);
    expect(env.configPathExplicit).toBe(false);
    expect(env.slack.botToken).toBeUndefined();
    expect(env.store.kind).toBe('embedded');
  });

  it('remembers that FIREBREAK_CONFIG was set explicitly', () => {
    expect(parsed({ FIREBREAK_CONFIG: '/etc/firebreak.yaml' })).toMatchObject({
      configPath: '/etc/firebreak.yaml',
      configPathExplicit: true,
    });
  });

  it('wraps every token, secret, key, DSN and DATABASE_URL in a Secret', () => {
    const env = parsed({
      DATABASE_URL: 'postgres://app:pw@db/firebreak',
      SLACK_BOT_TOKEN: 'a',
      SLACK_SIGNING_SECRET: 'b',
      SLACK_APP_TOKEN: 'c',
      PAGERDUTY_TOKEN: 'd',
      PAGERDUTY_ROUTING_KEY: 'e',
      PAGERDUTY_WEBHOOK_SECRET: 'f',
      DATADOG_API_KEY: 'g',
      DATADOG_APP_KEY: 'h',
      DATADOG_WEBHOOK_SECRET: 'i',
      SENTRY_AUTH_TOKEN: 'j',
      SENTRY_WEBHOOK_SECRET: 'k',
      SENTRY_DSN: 'https://key@o1.ingest.sentry.io/1',
      ALERTMANAGER_TOKEN: 'l',
      GRAFANA_TOKEN: 'm',
      GRAFANA_WEBHOOK_SECRET: 'n',
      WEBHOOK_TOKEN: 'o',
    });
    const secrets = [
      env.store.kind === 'postgres' ? env.store.url : undefined,
      env.slack.botToken, env.slack.signingSecret, env.slack.appToken,
      env.pagerduty.token, env.pagerduty.routingKey, env.pagerduty.webhookSecret,
      env.datadog.apiKey, env.datadog.appKey, env.datadog.webhookSecret,
      env.sentry.authToken, env.sentry.webhookSecret, env.sentry.dsn,
      env.alertmanager.token, env.grafana.token, env.grafana.webhookSecret, env.generic.token,
    ];
    for (const secret of secrets) expect(secret).toBeInstanceOf(Secret);
    expect(env.slack.botToken?.reveal()).toBe('a');
    expect(JSON.stringify(env)).not.toMatch(/pw@db|ingest\.sentry/);
  });

  it('picks the postgres store when DATABASE_URL is set', () => {
    const env = parsed({ DATABASE_URL: 'postgresql://app:pw@db:5432/firebreak' });
    expect(env.store.kind).toBe('postgres');
  });

  it('migrates through DATABASE_MIGRATION_URL when it is set beside DATABASE_URL, holding both as secrets', () => {
    const env = parsed({ DATABASE_URL: 'postgres://runtime:pw1@db/firebreak', DATABASE_MIGRATION_URL: 'postgres://owner:pw2@db/firebreak' });
    expect(env.store.kind).toBe('postgres');
    const store = env.store as Extract<Env['store'], { kind: 'postgres' }>;
    expect(store.url.reveal()).toBe('postgres://runtime:pw1@db/firebreak');
    expect(store.migrationUrl).toBeInstanceOf(Secret);
    expect(store.migrationUrl?.reveal()).toBe('postgres://owner:pw2@db/firebreak');
    expect(JSON.stringify(env)).not.toMatch(/pw1|pw2/);
    expect(describeWithSources(env)).toMatch(/^store: postgres \(DATABASE_URL; migrations through DATABASE_MIGRATION_URL\); /);
    expect(parsed({ DATABASE_URL: 'postgres://app:pw@db/firebreak' }).store).not.toHaveProperty('migrationUrl');
  });

  it('refuses DATABASE_MIGRATION_URL without DATABASE_URL, and a malformed one without showing it', () => {
    const alone = 'DATABASE_MIGRATION_URL: only used with DATABASE_URL (the postgres store); set DATABASE_URL to the runtime role, or unset it';
    expect(errors({ DATABASE_MIGRATION_URL: 'postgres://owner:pw@db/firebreak' })).toEqual([alone]);
    expect(
      errors({ DATABASE_MIGRATION_URL: 'postgres://owner:pw@db/firebreak', SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'k' }),
    ).toEqual([alone]);
    const problems = errors({ DATABASE_URL: 'postgres://app:pw@db/firebreak', DATABASE_MIGRATION_URL: 'owner:hunter2@db/firebreak' });
    expect(problems).toEqual([
      'DATABASE_MIGRATION_URL: expected a postgres:// or postgresql:// URL (value not shown: it may hold a password)',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('picks the supabase store when SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are both set', () => {
    const env = parsed({ SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'srk' });
    expect(env.store).toMatchObject({ kind: 'supabase', url: 'https://abc.supabase.co' });
  });

  it('derives the Datadog API URL from the site unless DATADOG_API_URL overrides it', () => {
    expect(parsed({ DATADOG_SITE: 'datadoghq.eu' }).datadog.apiUrl).toBe('https://api.datadoghq.eu');
    expect(parsed({ DATADOG_SITE: 'datadoghq.eu', DATADOG_API_URL: 'http://127.0.0.1:9000' }).datadog.apiUrl).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('takes base URL overrides for every vendor', () => {
    const env = parsed({
      SLACK_API_URL: 'http://127.0.0.1:1/api/',
      PAGERDUTY_API_URL: 'http://127.0.0.1:2',
      PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:3',
      SENTRY_API_URL: 'https://sentry.example.com/api/0/',
    });
    expect([env.slack.apiUrl, env.pagerduty.apiUrl, env.pagerduty.eventsUrl, env.sentry.apiUrl]).toEqual([
      'http://127.0.0.1:1/api/',
      'http://127.0.0.1:2',
      'http://127.0.0.1:3',
      'https://sentry.example.com/api/0/',
    ]);
  });

  it('pins the Slack workspace and Grid org from SLACK_TEAM_ID and SLACK_ENTERPRISE_ID, refusing ids of another shape', () => {
    expect(parsed({ SLACK_TEAM_ID: 'T012ABCDEF', SLACK_ENTERPRISE_ID: 'E0GRID01' }).slack).toMatchObject({ teamId: 'T012ABCDEF', enterpriseId: 'E0GRID01' });
    expect(parsed({}).slack.teamId).toBeUndefined();
    expect(errors({ SLACK_TEAM_ID: 'C012ABCDEF', SLACK_ENTERPRISE_ID: 'acme' })).toEqual([
      'SLACK_TEAM_ID: expected a Slack workspace id like "T012ABCDEF", got "C012ABCDEF"',
      'SLACK_ENTERPRISE_ID: expected a Slack Enterprise Grid id like "E012ABCDEF", got "acme"',
    ]);
  });

  it('reports a bad PORT in one line naming the variable and the value', () => {
    expect(errors({ PORT: 'abc' })).toEqual(['PORT: expected a port number 1-65535, got "abc"']);
    expect(errors({ PORT: '0' })).toEqual(['PORT: expected a port number 1-65535, got "0"']);
    expect(errors({ PORT: '65536' })).toEqual(['PORT: expected a port number 1-65535, got "65536"']);
  });

  it('reports a URL that is not http(s)', () => {
    expect(errors({ SLACK_API_URL: 'slack.com/api' })).toEqual(['SLACK_API_URL: expected an http(s) URL, got "slack.com/api"']);
    expect(errors({ PAGERDUTY_EVENTS_URL: 'ftp://events' })).toEqual([
      'PAGERDUTY_EVENTS_URL: expected an http(s) URL, got "ftp://events"',
    ]);
  });

  it('reports DATABASE_URL and SUPABASE_URL both set as one problem', () => {
    expect(
      errors({ DATABASE_URL: 'postgres://db/x', SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'k' }),
    ).toEqual(['DATABASE_URL, SUPABASE_URL: both set; choose one store transport (postgres or supabase)']);
  });

  it('names the missing half of the Supabase pair', () => {
    expect(errors({ SUPABASE_URL: 'https://abc.supabase.co' })).toEqual([
      'SUPABASE_SERVICE_ROLE_KEY: required when SUPABASE_URL is set',
    ]);
    expect(errors({ SUPABASE_SERVICE_ROLE_KEY: 'k' })).toEqual(['SUPABASE_URL: required when SUPABASE_SERVICE_ROLE_KEY is set']);
  });

  it('reads METRICS_TOKEN as a Secret and METRICS_PORT as a number; neither set leaves /metrics closed', () => {
    expect(parsed({}).metrics).toEqual({ token: undefined, port: undefined });
    const env = parsed({ METRICS_TOKEN: 'scrape-token-0123456789', METRICS_PORT: '9464' });
    expect(env.metrics.token).toBeInstanceOf(Secret);
    expect(env.metrics.token?.reveal()).toBe('scrape-token-0123456789');
    expect(env.metrics.port).toBe(9464);
  });

  it('refuses a short or spaced METRICS_TOKEN without echoing it, and a METRICS_PORT equal to PORT', () => {
    expect(errors({ METRICS_TOKEN: 'hunter2' })).toEqual([
      'METRICS_TOKEN: expected at least 16 characters and no spaces (e.g. the output of `openssl rand -hex 32`), got 7 character(s) (value not shown)',
    ]);
    expect(errors({ METRICS_TOKEN: 'two words that are long' })[0]).toMatch(/^METRICS_TOKEN: expected at least 16 characters and no spaces/);
    expect(errors({ METRICS_PORT: '3000' })).toEqual(['METRICS_PORT: must differ from PORT (3000): /metrics gets a listener of its own there']);
    expect(errors({ PORT: '8080', METRICS_PORT: '8080' })).toEqual(['METRICS_PORT: must differ from PORT (8080): /metrics gets a listener of its own there']);
    expect(errors({ METRICS_PORT: 'prometheus' })).toEqual(['METRICS_PORT: expected a port number 1-65535, got "prometheus"']);
  });

  it('reports every problem at once, one line each, without any secret value', () => {
    const problems = errors({
      PORT: 'abc',
      LOG_LEVEL: 'verbose',
      DATABASE_URL: 'mysql://app:hunter2@db/firebreak',
      SENTRY_API_URL: 'nope',
      SUPABASE_SERVICE_ROLE_KEY: 'service-role-secret',
      SLACK_BOT_TOKEN: 'xoxb-secret',
    });
    expect(problems).toEqual([
      'PORT: expected a port number 1-65535, got "abc"',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      'DATABASE_URL: expected a postgres:// or postgresql:// URL (value not shown: it may hold a password)',
      'SENTRY_API_URL: expected an http(s) URL, got "nope"',
      'SUPABASE_URL: required when SUPABASE_SERVICE_ROLE_KEY is set',
    ]);
    for (const line of problems) {
      expect(line).not.toContain('\n');
      expect(line).not.toMatch(/hunter2|service-role-secret|xoxb-secret/);
    }
  });
});

describe('describeIntegrations', () => {
  it('says in one line which store runs, which integrations are off and why, and which webhooks are closed', () => {
    expect(describeIntegrations(parsed({}), closedSources(parsed({})))).toBe(
      'store: embedded (./data); ' +
        'integrations off: slack (local mode: SLACK_BOT_TOKEN unset), ' +
        'pagerduty (PAGERDUTY_ROUTING_KEY, PAGERDUTY_TOKEN unset), ' +
        'datadog (DATADOG_API_KEY, DATADOG_APP_KEY unset), ' +
        'sentry (SENTRY_AUTH_TOKEN, SENTRY_ORG unset), ' +
        'error reporting (SENTRY_DSN unset); ' +
        'webhooks closed: pagerduty, datadog, sentry, alertmanager, grafana, generic',
    );
  });

  it('names partly configured integrations and keeps secret values out', () => {
    const line = describeWithSources(
      parsed({
        DATABASE_URL: 'postgres://app:pw@db/firebreak',
        SLACK_BOT_TOKEN: 'xoxb-secret',
        PAGERDUTY_ROUTING_KEY: 'routing-secret',
        DATADOG_API_KEY: 'dd',
        DATADOG_APP_KEY: 'dd',
        SENTRY_AUTH_TOKEN: 'st',
        SENTRY_ORG: 'acme',
        SENTRY_DSN: 'https://k@o1.ingest.sentry.io/1',
        GRAFANA_WEBHOOK_SECRET: 'g',
        WEBHOOK_TOKEN: 'w',
      }),
    );
    expect(line).toBe(
      'store: postgres (DATABASE_URL); ' +
        'integrations off: slack commands (SLACK_SIGNING_SECRET, SLACK_APP_TOKEN unset), pagerduty REST (PAGERDUTY_TOKEN unset); ' +
        'webhooks closed: pagerduty, datadog, sentry, alertmanager',
    );
    expect(line).not.toMatch(/pw@db|secret/);
  });

  it('reports all on and all open when everything is configured', () => {
    const line = describeWithSources(
      parsed({
        SUPABASE_URL: 'https://abc.supabase.co',
        SUPABASE_SERVICE_ROLE_KEY: 'k',
        SLACK_BOT_TOKEN: 'a',
        SLACK_APP_TOKEN: 'b',
        PAGERDUTY_ROUTING_KEY: 'c',
        PAGERDUTY_TOKEN: 'd',
        PAGERDUTY_WEBHOOK_SECRET: 'e',
        DATADOG_API_KEY: 'f',
        DATADOG_APP_KEY: 'g',
        DATADOG_WEBHOOK_SECRET: 'h',
        SENTRY_AUTH_TOKEN: 'i',
        SENTRY_ORG: 'acme',
        SENTRY_WEBHOOK_SECRET: 'j',
        SENTRY_DSN: 'https://k@o1.ingest.sentry.io/1',
        ALERTMANAGER_TOKEN: 'l',
        GRAFANA_TOKEN: 'm',
        WEBHOOK_TOKEN: 'n',
      }),
    );
    expect(line).toBe('store: supabase (https://abc.supabase.co); integrations: all on; webhooks: all open');
  });

  it('says Jira follow-ups are on when followups.jira and its variables are set, and which variables a configured tracker lacks', () => {
    const followups = { jira: { project: 'OPS', issueType: 'Task', labels: [], syncEveryMs: 300_000 }, github: { repository: 'acme/ops', labels: [], syncEveryMs: 300_000 } };
    const jiraEnv = { JIRA_URL: 'https://acme.atlassian.net', JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'jira-token-secret' };
    const on = describeIntegrations(parsed(jiraEnv), [], followups);
    expect(on).toMatch(/; integrations off: .*github follow-ups \(GITHUB_TOKEN unset\); webhooks: all open; follow-ups: Jira issues in OPS$/);
    expect(on).not.toContain('jira-token-secret');
    const both = describeIntegrations(parsed({ ...jiraEnv, GITHUB_TOKEN: 'ghp_x' }), [], followups);
    expect(both).toMatch(/; follow-ups: Jira issues in OPS, GitHub issues in acme\/ops$/);
    expect(describeIntegrations(parsed({ JIRA_URL: 'https://acme.atlassian.net' }), [], { ...followups, github: null })).toMatch(
      /integrations off: .*jira follow-ups \(JIRA_EMAIL, JIRA_API_TOKEN unset\); webhooks: all open$/,
    );
    expect(describeIntegrations(parsed(jiraEnv), [], { jira: null, github: null })).toBe(describeIntegrations(parsed(jiraEnv), []));
  });
});
