// Config: process environment → Env, grouped per vendor; one line per problem, never a secret's value
import { z } from 'zod';
import { Secret } from './secret.js';

export type StoreConfig =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'postgres'; url: Secret; migrationUrl?: Secret }
  | { kind: 'supabase'; url: string; serviceRoleKey: Secret };

export interface Env {
  port: number;
  logLevel: string;
  configPath: string;
  configPathExplicit: boolean;
  dataDir: string;
  store: StoreConfig;
  slack: {
    botToken?: Secret;
    signingSecret?: Secret;
    appToken?: Secret;
    apiUrl: string;
    /** The only workspace (and Grid org) whose requests are accepted; unset: any the app is installed in. */
    teamId?: string;
    enterpriseId?: string;
  };
  pagerduty: { token?: Secret; routingKey?: Secret; webhookSecret?: Secret; apiUrl: string; eventsUrl: string };
  datadog: { apiKey?: Secret; appKey?: Secret; site: string; apiUrl: string; webhookSecret?: Secret };
  sentry: { authToken?: Secret; org?: string; apiUrl: string; webhookSecret?: Secret; dsn?: Secret };
  alertmanager: { token?: Secret };
  grafana: { token?: Secret; webhookSecret?: Secret };
  generic: { token?: Secret };
  /** GET /metrics: a bearer token, and/or a listener of its own; neither set, it is closed. */
  metrics: { token?: Secret; port?: number };
  /** Web console sign-in with Slack (OpenID Connect) and links in messages. */
  console: { clientId?: string; clientSecret?: Secret; publicUrl?: string; sessionSecret?: Secret; apiToken?: Secret };
  github: { token?: Secret; apiUrl: string };
  cloudflare: { apiToken?: Secret; apiUrl: string };
  /** The protected application's Supabase project (remediation), never Firebreak's own store. */
  remediationSupabase: { url?: string; serviceRoleKey?: Secret };
  jira: { url?: string; email?: string; apiToken?: Secret };
  securityEvents: { token?: Secret };
  deploy: { webhookSecret?: Secret };
}

export type ParseEnvResult = { ok: true; value: Env } | { ok: false; errors: string[] };

export const DEFAULT_CONFIG_PATH = './firebreak.yaml';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const quote = (value: unknown) => JSON.stringify(value);

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function isPostgresUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

const secret = z.string().transform((value) => new Secret(value));

const httpUrl = z.string().refine(isHttpUrl, {
  error: (issue) => `expected an http(s) URL, got ${quote(issue.input)}`,
});

// The connection string carries a password, so the message never echoes it.
const postgresUrl = z
  .string()
  .refine(isPostgresUrl, { error: 'expected a postgres:// or postgresql:// URL (value not shown: it may hold a password)' })
  .transform((value) => new Secret(value));

const port = z
  .string()
  .refine((text) => /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535, {
    error: (issue) => `expected a port number 1-65535, got ${quote(issue.input)}`,
  })
  .transform(Number);

/** Long enough not to be guessed by a scraper that finds the port; the message never shows the value. */
const METRICS_TOKEN_MIN = 16;
const metricsToken = z
  .string()
  .refine((text) => text.length >= METRICS_TOKEN_MIN && !/\s/.test(text), {
    error: (issue) =>
      `expected at least ${METRICS_TOKEN_MIN} characters and no spaces (e.g. the output of \`openssl rand -hex 32\`), got ${String(issue.input).length} character(s) (value not shown)`,
  })
  .transform((value) => new Secret(value));

const schema = z.object({
  PORT: port.default(3000),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: (issue) => `expected one of ${LOG_LEVELS.join(', ')}, got ${quote(issue.input)}` })
    .default('info'),
  FIREBREAK_CONFIG: z.string().optional(),
  FIREBREAK_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  SUPABASE_URL: httpUrl.optional(),
  SUPABASE_SERVICE_ROLE_KEY: secret.optional(),
  SLACK_BOT_TOKEN: secret.optional(),
  SLACK_SIGNING_SECRET: secret.optional(),
  SLACK_APP_TOKEN: secret.optional(),
  SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
  SLACK_TEAM_ID: z.string().regex(/^T[A-Z0-9]{2,}$/, { error: (issue) => `expected a Slack workspace id like "T012ABCDEF", got ${quote(issue.input)}` }).optional(),
  SLACK_ENTERPRISE_ID: z.string().regex(/^E[A-Z0-9]{2,}$/, { error: (issue) => `expected a Slack Enterprise Grid id like "E012ABCDEF", got ${quote(issue.input)}` }).optional(),
  PAGERDUTY_TOKEN: secret.optional(),
  PAGERDUTY_ROUTING_KEY: secret.optional(),
  PAGERDUTY_WEBHOOK_SECRET: secret.optional(),
  PAGERDUTY_API_URL: httpUrl.default('https://api.pagerduty.com'),
  PAGERDUTY_EVENTS_URL: httpUrl.default('https://events.pagerduty.com'),
  DATADOG_API_KEY: secret.optional(),
  DATADOG_APP_KEY: secret.optional(),
  DATADOG_SITE: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, {
      error: (issue) => `expected a Datadog site like "datadoghq.eu", got ${quote(issue.input)}`,
    })
    .default('datadoghq.com'),
  DATADOG_API_URL: httpUrl.optional(),
  DATADOG_WEBHOOK_SECRET: secret.optional(),
  SENTRY_AUTH_TOKEN: secret.optional(),
  SENTRY_ORG: z.string().optional(),
  SENTRY_API_URL: httpUrl.default('https://sentry.io/api/0/'),
  SENTRY_WEBHOOK_SECRET: secret.optional(),
  SENTRY_DSN: secret.optional(),
  ALERTMANAGER_TOKEN: secret.optional(),
  GRAFANA_TOKEN: secret.optional(),
  GRAFANA_WEBHOOK_SECRET: secret.optional(),
  WEBHOOK_TOKEN: secret.optional(),
  METRICS_TOKEN: metricsToken.optional(),
  METRICS_PORT: port.optional(),
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: secret.optional(),
  FIREBREAK_PUBLIC_URL: httpUrl.optional(),
  FIREBREAK_SESSION_SECRET: secret.optional(),
  FIREBREAK_API_TOKEN: secret.optional(),
  GITHUB_TOKEN: secret.optional(),
  GITHUB_API_URL: httpUrl.default('https://api.github.com'),
  CLOUDFLARE_API_TOKEN: secret.optional(),
  CLOUDFLARE_API_URL: httpUrl.default('https://api.cloudflare.com/client/v4'),
  REMEDIATION_SUPABASE_URL: httpUrl.optional(),
  REMEDIATION_SUPABASE_SERVICE_ROLE_KEY: secret.optional(),
  JIRA_URL: httpUrl.optional(),
  JIRA_EMAIL: z.string().optional(),
  JIRA_API_TOKEN: secret.optional(),
  SECURITY_EVENTS_TOKEN: secret.optional(),
  DEPLOY_WEBHOOK_SECRET: secret.optional(),
});

type Vars = z.output<typeof schema>;

/** Empty (or blank) counts as unset, so `FOO=` in a .env file means "use the default". */
function dropUnset(env: Record<string, string | undefined>): Record<string, string> {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') set[name] = value;
  }
  return set;
}

/** Where firebreak.yaml lives, and whether the operator asked for it (a missing explicit file is an error). */
export function configPathFrom(env: Record<string, string | undefined>): { path: string; explicit: boolean } {
  const path = dropUnset(env).FIREBREAK_CONFIG;
  return path === undefined ? { path: DEFAULT_CONFIG_PATH, explicit: false } : { path, explicit: true };
}

/** Rules across variables; checked on presence alone so they report alongside per-variable problems. */
function storeProblems(set: Record<string, string>): string[] {
  const has = (name: string) => set[name] !== undefined;
  if (has('DATABASE_URL') && has('SUPABASE_URL')) {
    return ['DATABASE_URL, SUPABASE_URL: both set; choose one store transport (postgres or supabase)'];
  }
  if (has('SUPABASE_URL') && !has('SUPABASE_SERVICE_ROLE_KEY')) {
    return ['SUPABASE_SERVICE_ROLE_KEY: required when SUPABASE_URL is set'];
  }
  if (has('SUPABASE_SERVICE_ROLE_KEY') && !has('SUPABASE_URL')) {
    return ['SUPABASE_URL: required when SUPABASE_SERVICE_ROLE_KEY is set'];
  }
  // The supabase transport cannot run DDL (`supabase db push` migrates it) and the embedded store
  // has one role: a migration URL means something only beside DATABASE_URL.
  if (has('DATABASE_MIGRATION_URL') && !has('DATABASE_URL')) {
    return ['DATABASE_MIGRATION_URL: only used with DATABASE_URL (the postgres store); set DATABASE_URL to the runtime role, or unset it'];
  }
  return [];
}

/** /metrics on its own listener cannot share the main one. */
function metricsProblems(set: Record<string, string>): string[] {
  const main = set.PORT ?? '3000';
  if (set.METRICS_PORT !== undefined && Number(set.METRICS_PORT) === Number(main)) {
    return [`METRICS_PORT: must differ from PORT (${main}): /metrics gets a listener of its own there`];
  }
  return [];
}

function toStore(vars: Vars, dataDir: string): StoreConfig {
  if (vars.DATABASE_URL !== undefined) {
    const migration = vars.DATABASE_MIGRATION_URL;
    return { kind: 'postgres', url: vars.DATABASE_URL, ...(migration === undefined ? {} : { migrationUrl: migration }) };
  }
  if (vars.SUPABASE_URL !== undefined && vars.SUPABASE_SERVICE_ROLE_KEY !== undefined) {
    return { kind: 'supabase', url: vars.SUPABASE_URL, serviceRoleKey: vars.SUPABASE_SERVICE_ROLE_KEY };
  }
  return { kind: 'embedded', dataDir };
}

function toEnv(vars: Vars, configPath: { path: string; explicit: boolean }): Env {
  return {
    port: vars.PORT,
    logLevel: vars.LOG_LEVEL,
    configPath: configPath.path,
    configPathExplicit: configPath.explicit,
    dataDir: vars.FIREBREAK_DATA_DIR,
    store: toStore(vars, vars.FIREBREAK_DATA_DIR),
    slack: {
      botToken: vars.SLACK_BOT_TOKEN,
      signingSecret: vars.SLACK_SIGNING_SECRET,
      appToken: vars.SLACK_APP_TOKEN,
      apiUrl: vars.SLACK_API_URL,
      teamId: vars.SLACK_TEAM_ID,
      enterpriseId: vars.SLACK_ENTERPRISE_ID,
    },
    pagerduty: {
      token: vars.PAGERDUTY_TOKEN,
      routingKey: vars.PAGERDUTY_ROUTING_KEY,
      webhookSecret: vars.PAGERDUTY_WEBHOOK_SECRET,
      apiUrl: vars.PAGERDUTY_API_URL,
      eventsUrl: vars.PAGERDUTY_EVENTS_URL,
    },
    datadog: {
      apiKey: vars.DATADOG_API_KEY,
      appKey: vars.DATADOG_APP_KEY,
      site: vars.DATADOG_SITE,
      apiUrl: vars.DATADOG_API_URL ?? `https://api.${vars.DATADOG_SITE}`,
      webhookSecret: vars.DATADOG_WEBHOOK_SECRET,
    },
    sentry: {
      authToken: vars.SENTRY_AUTH_TOKEN,
      org: vars.SENTRY_ORG,
      apiUrl: vars.SENTRY_API_URL,
      webhookSecret: vars.SENTRY_WEBHOOK_SECRET,
      dsn: vars.SENTRY_DSN,
    },
    alertmanager: { token: vars.ALERTMANAGER_TOKEN },
    grafana: { token: vars.GRAFANA_TOKEN, webhookSecret: vars.GRAFANA_WEBHOOK_SECRET },
    generic: { token: vars.WEBHOOK_TOKEN },
    metrics: { token: vars.METRICS_TOKEN, port: vars.METRICS_PORT },
    console: {
      clientId: vars.SLACK_CLIENT_ID,
      clientSecret: vars.SLACK_CLIENT_SECRET,
      publicUrl: vars.FIREBREAK_PUBLIC_URL,
      sessionSecret: vars.FIREBREAK_SESSION_SECRET,
      apiToken: vars.FIREBREAK_API_TOKEN,
    },
    github: { token: vars.GITHUB_TOKEN, apiUrl: vars.GITHUB_API_URL },
    cloudflare: { apiToken: vars.CLOUDFLARE_API_TOKEN, apiUrl: vars.CLOUDFLARE_API_URL },
    remediationSupabase: { url: vars.REMEDIATION_SUPABASE_URL, serviceRoleKey: vars.REMEDIATION_SUPABASE_SERVICE_ROLE_KEY },
    jira: { url: vars.JIRA_URL, email: vars.JIRA_EMAIL, apiToken: vars.JIRA_API_TOKEN },
    securityEvents: { token: vars.SECURITY_EVENTS_TOKEN },
    deploy: { webhookSecret: vars.DEPLOY_WEBHOOK_SECRET },
  };
}

/** Validates the environment; every problem at once, one line each, starting with the variable's name. */
export function parseEnv(env: Record<string, string | undefined>): ParseEnvResult {
  const set = dropUnset(env);
  const parsed = schema.safeParse(set);
  const errors = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  errors.push(...storeProblems(set), ...metricsProblems(set));
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: toEnv(parsed.data, configPathFrom(env)) };
}
