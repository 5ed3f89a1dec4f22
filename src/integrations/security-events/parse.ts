// Integrations: Firebreak's own security events format (documented in docs/security.md) — a JSON
// array, `{ "events": [ … ] }`, or NDJSON (one event per line) — validated once at the edge.
// Each event: { id?, type, time, attributes? }; attribute values are flattened to strings.
import { z } from 'zod';
import type { SecurityEvent } from '../../domain/security-event.js';
import { fieldPath } from '../malformed.js';

export const MAX_EVENTS_PER_BATCH = 5_000;

const instant = z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]);

export const securityEventSchema = z.looseObject({
  id: z.string().min(1).max(256).nullish(),
  type: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, { message: 'expected a type like "auth.login_failed"' }),
  time: instant.describe('ISO 8601 with an offset, or milliseconds since the epoch'),
  attributes: z.record(z.string().max(128), z.union([z.string().max(4096), z.number(), z.boolean(), z.null()])).nullish(),
});

export type EventsParse = { ok: true; events: SecurityEvent[] } | { ok: false; field: string; message: string; tooMany?: boolean };

/** The events of a batch; `ndjson` when the sender said application/x-ndjson (a JSON body may also be one event per line). */
export function parseSecurityEvents(text: string, ndjson: boolean): EventsParse {
  let items: unknown[];
  let prefix = (i: number) => `[${i}]`;
  if (ndjson) {
    items = [];
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch {
        return { ok: false, field: `line ${i + 1}`, message: `line ${i + 1}: not valid JSON` };
      }
    }
    const lineOf: number[] = [];
    lines.forEach((l, i) => l.trim() !== '' && lineOf.push(i + 1));
    prefix = (i) => `line ${lineOf[i]}`;
  } else {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, field: 'body', message: 'body is not valid JSON' };
    }
    if (Array.isArray(body)) items = body;
    else if (body && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)) {
      items = (body as { events: unknown[] }).events;
      prefix = (i) => `events[${i}]`;
    } else return { ok: false, field: 'body', message: 'body: expected an array of events or {"events": [...]}' };
  }
  if (items.length > MAX_EVENTS_PER_BATCH) {
    return { ok: false, field: 'body', message: `body: at most ${MAX_EVENTS_PER_BATCH} events per batch, got ${items.length}`, tooMany: true };
  }
  const events: SecurityEvent[] = [];
  for (const [i, item] of items.entries()) {
    const parsed = securityEventSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const inner = fieldPath(issue?.path ?? []);
      const field = inner === 'body' ? prefix(i) : `${prefix(i)}.${inner}`;
      return { ok: false, field, message: `${field}: ${issue?.message ?? 'invalid event'}` };
    }
    const e = parsed.data;
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.attributes ?? {})) if (v !== null) attributes[k] = String(v);
    events.push({ id: e.id ?? null, type: e.type, occurredAt: new Date(e.time).toISOString(), attributes });
  }
  return { ok: true, events };
}
