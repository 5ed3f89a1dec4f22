// Integrations: what each alert source's folder exports about itself (its index.ts). The source
// table at the edge, the severity words routing starts from, and the start-up notice all loop over
// the list of these in ./sources.ts.
import type { Env } from '../config/env.js';
import type { AlertSource, Severity } from '../domain/alert.js';
import type { WebhookSource } from './webhook-source.js';

export interface SourceDescriptor<Secrets> {
  /** The endpoint is POST /webhooks/<name>; routing rules and firebreak.yaml name the source by it. */
  readonly name: AlertSource;
  /** The environment variables that open the endpoint (any one is enough), for the 404 line and the notice. */
  readonly variables: readonly string[];
  /** The source's own severity words (lower-case) → sev1–sev4; `*` is its fallback. Config may override. */
  readonly defaultSeverity: Readonly<Record<string, Severity>>;
  /** The secrets the endpoint verifies with, from the environment; null: not configured, so the endpoint answers 404. */
  configured(env: Env): Secrets | null;
  readonly webhook: WebhookSource<Secrets>;
}
