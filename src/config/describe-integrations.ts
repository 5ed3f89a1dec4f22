// Config: Env → one notice line for the operator: which store, which integrations are off and why
import type { Env } from './env.js';

function describeStore(env: Env): string {
  switch (env.store.kind) {
    case 'embedded':
      return `store: embedded (${env.store.dataDir})`;
    case 'postgres':
      return env.store.migrationUrl === undefined
        ? 'store: postgres (DATABASE_URL)'
        : 'store: postgres (DATABASE_URL; migrations through DATABASE_MIGRATION_URL)';
    case 'supabase':
      return `store: supabase (${env.store.url})`;
  }
}

const unset = (names: string[]) => `${names.join(', ')} unset`;

/** Outbound features that are off, each with the variables that would turn it on. */
function offIntegrations(env: Env): string[] {
  const off: string[] = [];
  if (env.slack.botToken === undefined) {
    off.push('slack (local mode: SLACK_BOT_TOKEN unset)');
  } else if (env.slack.appToken === undefined && env.slack.signingSecret === undefined) {
    // Over HTTP the bot can post, but cannot verify Slack's requests: commands and buttons stay off.
    off.push(`slack commands (${unset(['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'])})`);
  }
  const pd: string[] = [];
  if (env.pagerduty.routingKey === undefined) pd.push('PAGERDUTY_ROUTING_KEY');
  if (env.pagerduty.token === undefined) pd.push('PAGERDUTY_TOKEN');
  if (pd.length === 2) off.push(`pagerduty (${unset(pd)})`);
  else if (pd[0] === 'PAGERDUTY_ROUTING_KEY') off.push(`pagerduty paging (${unset(pd)})`);
  else if (pd[0] === 'PAGERDUTY_TOKEN') off.push(`pagerduty REST (${unset(pd)})`);
  const dd: string[] = [];
  if (env.datadog.apiKey === undefined) dd.push('DATADOG_API_KEY');
  if (env.datadog.appKey === undefined) dd.push('DATADOG_APP_KEY');
  if (dd.length > 0) off.push(`datadog (${unset(dd)})`);
  const sentry: string[] = [];
  if (env.sentry.authToken === undefined) sentry.push('SENTRY_AUTH_TOKEN');
  if (env.sentry.org === undefined) sentry.push('SENTRY_ORG');
  if (sentry.length > 0) off.push(`sentry (${unset(sentry)})`);
  if (env.sentry.dsn === undefined) off.push('error reporting (SENTRY_DSN unset)');
  return off;
}

/** Webhook endpoints that reject every request because no secret or token is configured for them. */
function closedWebhooks(env: Env): string[] {
  const open: Record<string, boolean> = {
    pagerduty: env.pagerduty.webhookSecret !== undefined,
    datadog: env.datadog.webhookSecret !== undefined,
    sentry: env.sentry.webhookSecret !== undefined,
    alertmanager: env.alertmanager.token !== undefined,
    grafana: env.grafana.token !== undefined || env.grafana.webhookSecret !== undefined,
    generic: env.generic.token !== undefined,
  };
  return Object.entries(open)
    .filter(([, isOpen]) => !isOpen)
    .map(([source]) => source);
}

/**
 * e.g. `store: embedded (./data); integrations off: slack (local mode: SLACK_BOT_TOKEN unset), …;
 * webhooks closed: datadog, sentry`. Names variables, never their values.
 */
export function describeIntegrations(env: Env): string {
  const off = offIntegrations(env);
  const closed = closedWebhooks(env);
  return [
    describeStore(env),
    off.length === 0 ? 'integrations: all on' : `integrations off: ${off.join(', ')}`,
    closed.length === 0 ? 'webhooks: all open' : `webhooks closed: ${closed.join(', ')}`,
  ].join('; ');
}
