// Integrations: the JSON payload users paste into Datadog's webhook tile. Datadog's default payload
// has no alert_cycle_key nor alert_transition, so without this template we cannot dedupe or recover.

/**
 * Datadog fills each `$VARIABLE` and sends every value as a string (the quotes are part of the
 * template). `org` mirrors Datadog's own default payload. The README and the tests print this object.
 */
export const DATADOG_WEBHOOK_TEMPLATE = {
  id: '$ID',
  title: '$EVENT_TITLE',
  body: '$EVENT_MSG',
  date: '$DATE',
  event_type: '$EVENT_TYPE',
  alert_id: '$ALERT_ID',
  alert_cycle_key: '$ALERT_CYCLE_KEY',
  aggreg_key: '$AGGREG_KEY',
  alert_transition: '$ALERT_TRANSITION',
  alert_type: '$ALERT_TYPE',
  alert_title: '$ALERT_TITLE',
  alert_status: '$ALERT_STATUS',
  alert_priority: '$ALERT_PRIORITY',
  alert_scope: '$ALERT_SCOPE',
  alert_metric: '$ALERT_METRIC',
  alert_query: '$ALERT_QUERY',
  hostname: '$HOSTNAME',
  tags: '$TAGS',
  link: '$LINK',
  snapshot: '$SNAPSHOT',
  org: { id: '$ORG_ID', name: '$ORG_NAME' },
} as const;

/** What a 400 tells the sender when the payload is not ours. */
export const TEMPLATE_HINT = 'use the Firebreak payload template (DATADOG_WEBHOOK_TEMPLATE, see the README) as the webhook Payload in Datadog';
