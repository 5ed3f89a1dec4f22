// Edge: POST /webhooks/<source>. Check the sender's address, verify the raw bytes, parse with the
// source's zod schema, commit through the one atomic ingest call, answer. 202 accepted; 403 an
// address outside the source's allow_from; 401 bad auth (nothing stored); 400 malformed, naming
// the field; 404 unknown or unconfigured source; 413 over 1 MB; 415 not JSON; 503 store
// unavailable or saturated (so the sender retries). Never 429.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signedDigest } from '../../integrations/verify.js';
import type { VerifyResult, WebhookSource } from '../../integrations/webhook-source.js';
import type { Logger } from '../../observability/observer.js';
import { StoreError } from '../../store/transport.js';
import { sendJson, type Route } from '../http/server.js';
import type { Delivery, IngestSummary } from '../../incidents/ingest.js';
import { LoadShedder } from './load-shedder.js';
import { readBody } from './read-body.js';
import { clientAddress, isLocalClient, ranges } from './client-address.js';
import { inRanges } from '../../config/address-range.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** A source with its secrets bound; `null` secrets: not configured, the endpoint answers 404. */
export interface MountedSource {
  configured: boolean;
  /** Local mode's open generic source: deliveries from this machine only, anyone else gets the unconfigured 404. */
  localOnly?: boolean;
  /** The variable(s) to set, for the 404 line. */
  missing: string;
  verify(headers: IncomingMessage['headers'], rawBody: Buffer, now: Date): VerifyResult;
  parse: WebhookSource<unknown>['parse'];
}

export function mountSource<S>(source: WebhookSource<S>, secrets: S | null, missing: string): MountedSource {
  return {
    configured: secrets !== null,
    missing,
    verify: (headers, rawBody, now) =>
      secrets === null ? { ok: false, error: { kind: 'missing-auth', message: 'not configured' } } : source.verify(headers, rawBody, secrets, now),
    parse: (headers, body) => source.parse(headers, body),
  };
}

/** What the edge reads of firebreak.yaml's `sources`, live (a reload applies to the next request). */
export interface SourcesPolicy {
  trustedProxies: readonly string[];
  bySource: Partial<Record<string, { allowFrom: readonly string[] | null }>>;
}

export interface WebhookDeps {
  /** By source name (`/webhooks/<name>`). */
  sources: Partial<Record<string, MountedSource>>;
  ingest: (source: string, delivery: Delivery) => Promise<IngestSummary>;
  shedder: LoadShedder;
  /** Absent: every address is allowed. */
  policy?: () => SourcesPolicy;
  log: Logger;
  now?: () => Date;
  /** Told of every answer (for /metrics): the source, or "unknown" for a path naming none; "aborted" when the sender left first. */
  answered?: (source: string, status: string, seconds: number) => void;
}

export function webhookRoutes(deps: WebhookDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/webhooks/',
      handler: (req, res) => {
        const started = performance.now();
        res.once('close', () => {
          const name = sourceName(req);
          const label = Object.hasOwn(deps.sources, name) ? name : 'unknown';
          deps.answered?.(label, res.writableFinished ? String(res.statusCode) : 'aborted', (performance.now() - started) / 1000);
        });
        return handleWebhook(req, res, deps);
      },
    },
  ];
}

const sourceName = (req: IncomingMessage) => (req.url ?? '').split('?')[0]!.slice('/webhooks/'.length);

async function handleWebhook(req: IncomingMessage, res: ServerResponse, deps: WebhookDeps): Promise<void> {
  const name = sourceName(req);
  const mounted = Object.hasOwn(deps.sources, name) ? deps.sources[name] : undefined;
  if (!mounted) return reject(req, res, 404, { error: `no webhook source "${name}"` });
  const policy = deps.policy?.();
  const allowFrom = policy?.bySource[name]?.allowFrom;
  if (policy && allowFrom) {
    const from = clientAddress(req, ranges(policy.trustedProxies));
    if (from === null || !inRanges(from, ranges(allowFrom))) {
      deps.log.warn({ source: name, address: from?.toString() ?? req.socket.remoteAddress ?? null }, 'webhook rejected: address not in allow_from');
      return reject(req, res, 403, { error: 'this address may not send to this source' });
    }
  }
  if (!mounted.configured || (mounted.localOnly && !isLocalClient(req, ranges(policy?.trustedProxies ?? [])))) {
    return reject(req, res, 404, { error: `webhook source ${name} is not configured: set ${mounted.missing}` });
  }
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return reject(req, res, 415, { error: `expected Content-Type application/json, got ${type || 'none'}` });
  }
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body.ok) {
    if (body.error === 'too-large') return reject(req, res, 413, { error: `body over ${MAX_BODY_BYTES} bytes` });
    return;
  }

  const verified = mounted.verify(req.headers, body.body, (deps.now ?? (() => new Date()))());
  if (!verified.ok) {
    deps.log.warn({ source: name, reason: verified.error.kind }, 'webhook rejected: authentication failed');
    return sendJson(res, 401, { error: verified.error.message });
  }

  let json: unknown;
  try {
    json = JSON.parse(body.body.toString('utf8'));
  } catch {
    return sendJson(res, 400, { error: 'body is not valid JSON', field: '' });
  }
  const parsed = mounted.parse(req.headers, json);
  if (!parsed.ok) return sendJson(res, 400, { error: parsed.error.message, field: parsed.error.field });
  const delivery = { ...parsed.value, deliveryId: deliveryKey(parsed.value.deliveryId ?? verified.signed ?? null) };
  if (delivery.ignored !== null && delivery.alerts.length === 0 && delivery.external.length === 0) {
    return sendJson(res, 200, { ignored: delivery.ignored });
  }

  try {
    const outcome = await deps.shedder.run(() => deps.ingest(name, delivery));
    if (!outcome) return sendJson(res, 503, { error: 'busy: retry shortly' }, { 'retry-after': '1' });
    const r = outcome.value;
    // Once per storm (the store tells only the delivery that started it), not once per held alert.
    if (r.storm) deps.log.warn({ source: name, reason: r.storm.reason, cap: r.storm.cap, incident: r.storm.incident_id }, r.storm.message);
    sendJson(res, 202, {
      duplicate: r.duplicate,
      alerts: r.alerts.length,
      declared: r.declared.map((d) => d.number),
      incidents: [...new Set(r.alerts.map((a) => a.incident_id).filter((id) => id !== null))],
      forwarded: r.forwarded,
      held: r.held,
    });
  } catch (err) {
    // Ours, and maybe passing: 503 so the sender retries (Alertmanager drops alerts on a 4xx).
    const unavailable = err instanceof StoreError && err.kind === 'unavailable';
    deps.log.error({ source: name, err }, 'webhook ingest failed');
    sendJson(res, 503, { error: unavailable ? 'store unavailable: retry' : 'could not store the delivery: retry' }, { 'retry-after': '5' });
  }
}

/** Ids are kept as sent, unless too long for an index entry: then their digest stands in. */
function deliveryKey(id: string | null): string | null {
  return id !== null && id.length > 200 ? signedDigest(id) : id;
}

/** Answer without reading the body; close so the sender's remaining bytes go nowhere. */
function reject(req: IncomingMessage, res: ServerResponse, status: number, body: { error: string }): void {
  sendJson(res, status, body, { connection: 'close' });
  req.resume();
}
