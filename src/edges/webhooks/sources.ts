// Edge: every alert source with its secrets from the environment. A source whose secret is not
// set answers 404 with the variable to set: no endpoint is open to the network by default. The one
// exception is local mode's first step: with no Slack bot token and no WEBHOOK_TOKEN, the generic
// source takes deliveries from this machine only (loopback), so the README's first curl works on a
// fresh clone; every other address gets the same 404 as before.
import type { Env } from '../../config/env.js';
import type { SourceDescriptor } from '../../integrations/source-descriptor.js';
import type { WebhookAlertSource } from '../../domain/alert.js';
import { SOURCES } from '../../integrations/sources.js';
import { genericSource } from '../../integrations/generic/index.js';
import { mountSource, type MountedSource } from './index.js';

// Each descriptor was checked against its own secrets' type where it is defined (`satisfies`).
const mount = (source: SourceDescriptor<unknown>, env: Env): MountedSource =>
  mountSource(source.webhook, source.configured(env), source.variables.join(' or '));

export function mountSources(env: Env): Record<WebhookAlertSource, MountedSource> {
  const mounted = Object.fromEntries(SOURCES.map((source) => [source.name, mount(source, env)])) as Record<WebhookAlertSource, MountedSource>;
  if (localGenericOpen(env)) {
    mounted.generic = { ...mounted.generic, configured: true, localOnly: true, verify: () => ({ ok: true }), parse: (headers, body) => genericSource.webhook.parse(headers, body) };
  }
  return mounted;
}

/** Local mode (no Slack bot token) without WEBHOOK_TOKEN: the generic source is open to this machine. */
export function localGenericOpen(env: Env): boolean {
  return !env.slack.botToken && !env.generic.token;
}
