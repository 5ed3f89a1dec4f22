// Edge: every alert source with its secrets from the environment. A source whose secret is not
// set answers 404 with the variable to set: no endpoint is ever open by default.
import type { Env } from '../../config/env.js';
import type { AlertSource } from '../../domain/alert.js';
import { alertmanagerWebhook } from '../../integrations/alertmanager/webhook.js';
import { datadogWebhook } from '../../integrations/datadog/webhook.js';
import { genericWebhook } from '../../integrations/generic/webhook.js';
import { grafanaWebhook } from '../../integrations/grafana/webhook.js';
import { pagerdutyWebhook } from '../../integrations/pagerduty/webhook.js';
import { sentryWebhook } from '../../integrations/sentry/webhook.js';
import { mountSource, type MountedSource } from './index.js';

export function mountSources(env: Env): Record<AlertSource, MountedSource> {
  const { datadog, sentry, pagerduty, alertmanager, grafana, generic } = env;
  return {
    datadog: mountSource(datadogWebhook, datadog.webhookSecret ? { webhookSecret: datadog.webhookSecret } : null, 'DATADOG_WEBHOOK_SECRET'),
    sentry: mountSource(sentryWebhook, sentry.webhookSecret ? { webhookSecret: sentry.webhookSecret } : null, 'SENTRY_WEBHOOK_SECRET'),
    pagerduty: mountSource(pagerdutyWebhook, pagerduty.webhookSecret ? { webhookSecret: pagerduty.webhookSecret } : null, 'PAGERDUTY_WEBHOOK_SECRET'),
    alertmanager: mountSource(alertmanagerWebhook, alertmanager.token ? { token: alertmanager.token } : null, 'ALERTMANAGER_TOKEN'),
    grafana: mountSource(grafanaWebhook, grafana.token || grafana.webhookSecret ? grafana : null, 'GRAFANA_WEBHOOK_SECRET or GRAFANA_TOKEN'),
    generic: mountSource(genericWebhook, generic.token ? { token: generic.token } : null, 'WEBHOOK_TOKEN'),
  };
}
