// Edge: every alert source with its secrets from the environment. A source whose secret is not
// set answers 404 with the variable to set: no endpoint is ever open by default.
import type { Env } from '../../config/env.js';
import type { SourceDescriptor } from '../../integrations/source-descriptor.js';
import type { WebhookAlertSource } from '../../domain/alert.js';
import { SOURCES } from '../../integrations/sources.js';
import { mountSource, type MountedSource } from './index.js';

// Each descriptor was checked against its own secrets' type where it is defined (`satisfies`).
const mount = (source: SourceDescriptor<unknown>, env: Env): MountedSource =>
  mountSource(source.webhook, source.configured(env), source.variables.join(' or '));

export function mountSources(env: Env): Record<WebhookAlertSource, MountedSource> {
  return Object.fromEntries(SOURCES.map((source) => [source.name, mount(source, env)])) as Record<WebhookAlertSource, MountedSource>;
}
