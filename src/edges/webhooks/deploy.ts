// Edge: POST /webhooks/deploy — a deploy event from any CD system, for Diagnostics' "what changed".
// 202 stored (or a duplicate of one stored); 401 bad or missing signature (nothing stored); 400
// malformed, naming the field; 404 when DEPLOY_WEBHOOK_SECRET is unset; 413 over 64 KB; 503 when
// the store is unavailable (the sender retries).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Secret } from '../../config/secret.js';
import { parseDeployEvent, verifyDeploySignature, type DeployEvent } from '../../integrations/deploy/webhook.js';
import type { Logger } from '../../observability/observer.js';
import { sendJson, type Route } from '../http/server.js';
import { readBody } from './read-body.js';

const MAX_DEPLOY_BODY = 64 * 1024;

export interface DeployRouteDeps {
  secret: Secret | undefined;
  /** Hands the event over (the diagnostics feature stores it); `deliveryId` names it for replays. */
  record(event: DeployEvent, deliveryId: string): Promise<{ duplicate: boolean }>;
  log: Logger;
  now?: () => Date;
}

export function deployRoutes(deps: DeployRouteDeps): Route[] {
  return [{ method: 'POST', path: '/webhooks/deploy', handler: (req, res) => handle(req, res, deps) }];
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: DeployRouteDeps): Promise<void> {
  if (!deps.secret?.reveal()) return sendJson(res, 404, { error: 'deploy webhook is not configured: set DEPLOY_WEBHOOK_SECRET' });
  const body = await readBody(req, MAX_DEPLOY_BODY);
  if (!body.ok) return sendJson(res, body.error === 'too-large' ? 413 : 400, { error: body.error === 'too-large' ? 'body over 64 KB' : 'body not received' });
  const verified = verifyDeploySignature(req.headers, body.body, deps.secret, (deps.now ?? (() => new Date()))());
  if (!verified.ok) return sendJson(res, 401, { error: verified.error.kind === 'stale' ? 'stale signature' : 'bad signature' });
  let json: unknown;
  try {
    json = JSON.parse(body.body.toString('utf8'));
  } catch {
    return sendJson(res, 400, { error: 'body is not JSON', field: 'body' });
  }
  const parsed = parseDeployEvent(json);
  if (!parsed.ok) return sendJson(res, 400, { error: `${parsed.field}: ${parsed.message}`, field: parsed.field });
  try {
    const r = await deps.record(parsed.value, parsed.value.id ?? verified.signed ?? '');
    return sendJson(res, 202, { accepted: true, duplicate: r.duplicate });
  } catch (err) {
    deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'deploy webhook: could not store the event');
    return sendJson(res, 503, { error: 'temporarily unavailable, retry' });
  }
}
