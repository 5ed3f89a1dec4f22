// Integrations: a Supabase log drain (the "Generic HTTP endpoint" destination) as a source of security
// events. Supabase POSTs a JSON array of up to 250 log events (gzip when enabled), unsigned — so the
// drain is configured with a custom header `Authorization: Bearer <SECURITY_EVENTS_TOKEN>`. Each event
// is Logflare's `{ id, timestamp (µs since the epoch), event_message, metadata }`; for Auth (GoTrue)
// the event_message is the JSON log line, with path, status, error_code, remote_addr, grant_type and,
// on audit lines, auth_event { action, actor_id, actor_username }. Fixtures: test/fixtures/supabase/.
//
// Mapped (anything else is skipped, not an error — a drain carries every log of the project):
// - POST /token grant_type=password answered 400 (or error_code invalid_credentials) → auth.login_failed
// - POST /token grant_type=password answered 200                                      → auth.login
// - auth_event.action user_signedup                                                    → auth.signup
// - auth_event.action user_updated_password / user_recovery_requested                  → auth.password_changed / auth.recovery_requested
// - auth_event.action user_modified, or PUT /admin/users/<id> answered 200             → auth.role_changed
// GoTrue writes two lines for one failed login (the error, then "request completed"): only the
// "request completed" line (it has the status) counts, and the request id names the event, so a
// redelivered batch counts once.
import type { SecurityEvent } from '../../domain/security-event.js';

export interface DrainParse {
  ok: true;
  events: SecurityEvent[];
  skipped: number;
}
export type DrainResult = DrainParse | { ok: false; field: string; message: string };

interface AuthLine {
  path?: string;
  method?: string;
  status?: number | string;
  error_code?: string;
  grant_type?: string;
  remote_addr?: string;
  request_id?: string;
  msg?: string;
  time?: string;
  auth_event?: { action?: string; actor_id?: string; actor_username?: string };
  [k: string]: unknown;
}

function authLine(event: Record<string, unknown>): AuthLine | null {
  const message = event.event_message;
  if (typeof message === 'string' && message.startsWith('{')) {
    try {
      const line = JSON.parse(message) as unknown;
      if (line && typeof line === 'object') return line as AuthLine;
    } catch {
      return null;
    }
  }
  // Some destinations flatten the parsed line into metadata: [{ … }].
  const metadata = Array.isArray(event.metadata) ? event.metadata[0] : event.metadata;
  return metadata && typeof metadata === 'object' && 'path' in metadata ? (metadata as AuthLine) : null;
}

function occurredAt(event: Record<string, unknown>, line: AuthLine): string | null {
  const ts = event.timestamp;
  if (typeof ts === 'number' && Number.isFinite(ts)) return new Date(ts > 1e14 ? ts / 1000 : ts).toISOString(); // µs or ms
  const text = typeof ts === 'string' ? ts : line.time;
  if (typeof text !== 'string') return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

function classify(line: AuthLine): { type: string; user: string | null } | null {
  const action = line.auth_event?.action;
  const user = line.auth_event?.actor_username ?? line.auth_event?.actor_id ?? null;
  if (action === 'user_signedup') return { type: 'auth.signup', user };
  if (action === 'user_updated_password') return { type: 'auth.password_changed', user };
  if (action === 'user_recovery_requested') return { type: 'auth.recovery_requested', user };
  if (action === 'user_modified') return { type: 'auth.role_changed', user };
  const status = Number(line.status);
  if (line.msg !== 'request completed' || !Number.isFinite(status)) return null;
  if (line.path === '/token' && line.grant_type === 'password') {
    if (status === 400 || line.error_code === 'invalid_credentials') return { type: 'auth.login_failed', user };
    if (status === 200) return { type: 'auth.login', user };
  }
  if (line.method === 'PUT' && /^\/admin\/users\/[^/]+$/.test(line.path ?? '') && status === 200) {
    return { type: 'auth.role_changed', user: line.path!.split('/').pop() ?? null };
  }
  return null;
}

export function parseSupabaseDrain(text: string): DrainResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, field: 'body', message: 'body is not valid JSON' };
  }
  if (!Array.isArray(body)) return { ok: false, field: 'body', message: 'body: expected the drain\'s JSON array of log events' };
  const events: SecurityEvent[] = [];
  let skipped = 0;
  for (const [i, item] of body.entries()) {
    if (!item || typeof item !== 'object') return { ok: false, field: `[${i}]`, message: `[${i}]: expected a log event object` };
    const event = item as Record<string, unknown>;
    const line = authLine(event);
    const kind = line ? classify(line) : null;
    const at = line ? occurredAt(event, line) : null;
    if (!line || !kind || !at) {
      skipped++;
      continue;
    }
    const attributes: Record<string, string> = { outcome: kind.type === 'auth.login_failed' ? 'failure' : 'success', source: 'supabase-auth' };
    if (typeof line.remote_addr === 'string' && line.remote_addr !== '') attributes.ip = line.remote_addr;
    if (kind.user) attributes.user = kind.user;
    if (typeof line.error_code === 'string') attributes.error_code = line.error_code;
    if (typeof line.path === 'string') attributes.path = line.path;
    const id = typeof line.request_id === 'string' && line.request_id !== '' ? `${line.request_id}:${kind.type}` : typeof event.id === 'string' ? event.id : null;
    events.push({ id, type: kind.type, occurredAt: at, attributes });
  }
  return { ok: true, events, skipped };
}
