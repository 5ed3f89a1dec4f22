// Integrations: what each alert source's folder exports about itself (its index.ts). The source
// table at the edge, the routing schema's source names and severity defaults, and the start-up
// notice all loop over the list of these in ./sources.ts: adding a source is its folder plus one line there.
import type { Env } from '../config/env.js';
import type { Severity } from '../domain/alert.js';
import type { WebhookSource } from './webhook-source.js';

export interface SourceDescriptor<Secrets> {
  /** The endpoint is POST /webhooks/<name>; routing rules and firebreak.yaml name the source by it. */
  readonly name: string;
  /** The environment variables that open the endpoint (any one is enough), for the 404 line and the notice. */
  readonly variables: readonly string[];
  /** The source's own severity words (lower-case) → sev1–sev4; `*` is its fallback. Config may override. */
  readonly defaultSeverity: Readonly<Record<string, Severity>>;
  /** The secrets the endpoint verifies with, from the environment; null: not configured, so the endpoint answers 404. */
  configured(env: Env): Secrets | null;
  readonly webhook: WebhookSource<Secrets>;
}
