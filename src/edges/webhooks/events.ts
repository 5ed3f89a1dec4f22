// Edge: POST /webhooks/events (Firebreak's security events format: a JSON array, {"events": [...]}, or
// NDJSON) and POST /webhooks/events/supabase (a Supabase log drain's batch). Bearer
// SECURITY_EVENTS_TOKEN; gzip accepted. The same answers as alert webhooks: 202 stored (redelivered
// events count once), 400 naming the field, 401 bad token (nothing stored), 403 outside
// `sources.security.allow_from`, 404 not configured, 413 too large, 415 not JSON/NDJSON, 503 our
// store or saturation (the sender retries; nothing it sent was kept half-way: one batch, one commit).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Secret } from '../../config/secret.js';
import type { SecurityEvent } from '../../domain/security-event.js';
import { parseSecurityEvents } from '../../integrations/security-events/parse.js';
import { parseSupabaseDrain } from '../../integrations/supabase/log-drain.js';
import { verifyBearer } from '../../integrations/verify.js';
import type { Logger } from '../../observability/observer.js';
import { StoreError } from '../../store/transport.js';
import { sendJson, type Route } from '../http/server.js';
import { inRanges } from '../../config/address-range.js';
import { clientAddress, ranges } from './client-address.js';
import type { LoadShedder } from './load-shedder.js';
import { readBody } from './read-body.js';
import type { SourcesPolicy } from './index.js';

const inflate = promisify(gunzip);

/** Compressed or not, what a sender may send in one request; and what it may inflate to. */
export const MAX_EVENTS_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_EVENTS_INFLATED_BYTES = 20 * 1024 * 1024;

export interface EventsEdgeDeps {
  token: Secret | undefined;
  ingest: (source: 'events' | 'supabase', events: readonly SecurityEvent[]) => Promise<{ stored: number; duplicates: number; firings: unknown[] }>;
  shedder: LoadShedder;
  policy?: () => SourcesPolicy;
  log: Logger;
  answered?: (source: string, status: string, seconds: number) => void;
}

const FORMATS = {
  '/webhooks/events': 'events',
  '/webhooks/events/supabase': 'supabase',
} as const;

export function eventsRoutes(deps: EventsEdgeDeps): Route[] {
  return Object.entries(FORMATS).map(([path, format]) => ({
    method: 'POST',
    path,
    handler: (req: IncomingMessage, res: ServerResponse) => {
      const started = performance.now();
      res.once('close', () => deps.answered?.(`events:${format}`, res.writableFinished ? String(res.statusCode) : 'aborted', (performance.now() - started) / 1000));
      return handle(req, res, format, deps);
    },
  }));
}

async function handle(req: IncomingMessage, res: ServerResponse, format: 'events' | 'supabase', deps: EventsEdgeDeps): Promise<void> {
  const policy = deps.policy?.();
  const allowFrom = policy?.bySource.security?.allowFrom;
  if (policy && allowFrom) {
    const from = clientAddress(req, ranges(policy.trustedProxies));
    if (from === null || !inRanges(from, ranges(allowFrom))) {
      deps.log.warn({ source: 'events', address: from?.toString() ?? req.socket.remoteAddress ?? null }, 'security events rejected: address not in allow_from');
      return reject(req, res, 403, 'this address may not send security events');
    }
  }
  if (!deps.token) return reject(req, res, 404, 'security events are not configured: set SECURITY_EVENTS_TOKEN');
  const verified = verifyBearer(req.headers, deps.token, 'SECURITY_EVENTS_TOKEN');
  if (!verified.ok) {
    deps.log.warn({ source: 'events', reason: verified.error.kind }, 'security events rejected: authentication failed');
    return reject(req, res, 401, verified.error.message);
  }
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const ndjson = type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl';
  if (!ndjson && type !== 'application/json' && !type.endsWith('+json')) {
    return reject(req, res, 415, `expected Content-Type application/json or application/x-ndjson, got ${type || 'none'}`);
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') return reject(req, res, 415, `expected Content-Encoding gzip or none, got ${encoding}`);
  const body = await readBody(req, MAX_EVENTS_BODY_BYTES);
  if (!body.ok) {
    if (body.error === 'too-large') return reject(req, res, 413, `body over ${MAX_EVENTS_BODY_BYTES} bytes`);
    return;
  }
  let raw = body.body;
  if (encoding === 'gzip') {
    try {
      raw = await inflate(raw, { maxOutputLength: MAX_EVENTS_INFLATED_BYTES });
    } catch (err) {
      const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return sendJson(res, tooBig ? 413 : 400, tooBig ? { error: `body inflates past ${MAX_EVENTS_INFLATED_BYTES} bytes` } : { error: 'body is not valid gzip', field: 'body' });
    }
  }
  const text = raw.toString('utf8');
  const parsed = format === 'supabase' ? parseSupabaseDrain(text) : parseSecurityEvents(text, ndjson);
  if (!parsed.ok) {
    const tooMany = 'tooMany' in parsed && parsed.tooMany === true;
    return sendJson(res, tooMany ? 413 : 400, { error: parsed.message, field: parsed.field });
  }
  try {
    const outcome = await deps.shedder.run(() => deps.ingest(format, parsed.events));
    if (!outcome) return sendJson(res, 503, { error: 'busy: retry shortly' }, { 'retry-after': '1' });
    const r = outcome.value;
    sendJson(res, 202, {
      stored: r.stored,
      duplicates: r.duplicates,
      firings: r.firings.length,
      ...('skipped' in parsed ? { skipped: parsed.skipped } : {}),
    });
  } catch (err) {
    const unavailable = err instanceof StoreError && err.kind === 'unavailable';
    deps.log.error({ source: 'events', err }, 'security events ingest failed');
    sendJson(res, 503, { error: unavailable ? 'store unavailable: retry' : 'could not store the events: retry' }, { 'retry-after': '5' });
  }
}

function reject(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error }, { connection: 'close' });
  req.resume();
}
