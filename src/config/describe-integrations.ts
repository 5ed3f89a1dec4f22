// Config: Env → one notice line for the operator: which store, which integrations are off and why
import type { Env } from './env.js';
import { followupsMissingEnv, type FollowupsConfig } from './followups-schema.js';

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

/** Where firebreak.yaml asks follow-ups to be tracked: those that run, and those off for want of their variables. */
function followupTrackers(followups: FollowupsConfig, env: Env): { on: string[]; off: string[] } {
  const missing = followupsMissingEnv(followups, env);
  const on: string[] = [];
  const off: string[] = [];
  const say = (needs: string[], running: string, name: string) => (needs.length === 0 ? on.push(running) : off.push(`${name} (${unset(needs)})`));
  if (followups.jira) say(missing.jira, `Jira issues in ${followups.jira.project}`, 'jira follow-ups');
  if (followups.github) say(missing.github, `GitHub issues in ${followups.github.repository}`, 'github follow-ups');
  return { on, off };
}

/**
 * e.g. `store: embedded (./data); integrations off: slack (local mode: SLACK_BOT_TOKEN unset), …;
 * webhooks closed: datadog, sentry; follow-ups: Jira issues in OPS`. Names variables, never their
 * values. `closed`: the webhook sources that are not configured (each source's descriptor knows; the
 * composition root asks them). `followups`: firebreak.yaml's trackers, said only when some are set.
 */
export function describeIntegrations(env: Env, closed: readonly string[], followups?: FollowupsConfig): string {
  const trackers = followups ? followupTrackers(followups, env) : { on: [], off: [] };
  const off = [...offIntegrations(env), ...trackers.off];
  return [
    describeStore(env),
    off.length === 0 ? 'integrations: all on' : `integrations off: ${off.join(', ')}`,
    closed.length === 0 ? 'webhooks: all open' : `webhooks closed: ${closed.join(', ')}`,
    ...(trackers.on.length > 0 ? [`follow-ups: ${trackers.on.join(', ')}`] : []),
  ].join('; ');
}
