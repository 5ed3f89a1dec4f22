// Test support: a fake PagerDuty Events API v2 on loopback. It records every event with the time it
// was received and answers the way PagerDuty does: 202 `{ status, message, dedup_key }`, 400 for an
// event it cannot read.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './http.js';

export interface FakePagerDutyEvent {
  /** Date.now() when the request was read. */
  at: number;
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; custom_details?: Record<string, unknown>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface FakePagerDuty {
  /** The base URL to pass as PAGERDUTY_EVENTS_URL (the client appends /v2/enqueue). */
  readonly url: string;
  /** Accepted events in arrival order. */
  readonly events: FakePagerDutyEvent[];
  /** Accepted triggers, optionally only those whose custom_details.level is `level` ("level 2"). */
  triggers(level?: string): FakePagerDutyEvent[];
  /** Answers every request with 503 (nothing accepted) until `up()`. */
  down(): void;
  up(): void;
  /** Requests answered 503 while down. */
  readonly refused: number[];
  close(): Promise<void>;
}

const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

export async function startFakePagerDuty(): Promise<FakePagerDuty> {
  const events: FakePagerDutyEvent[] = [];
  const refused: number[] = [];
  let isDown = false;
  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const at = Date.now();
      const reply = (status: number, body: Record<string, unknown>) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (isDown) {
        refused.push(at);
        return reply(503, { status: 'unavailable' });
      }
      if (req.method !== 'POST' || req.url !== '/v2/enqueue') return reply(404, { status: 'not found' });
      const problem = invalid(text);
      if (problem) return reply(400, { status: 'invalid event', message: 'Event object is invalid', errors: [problem] });
      const event: FakePagerDutyEvent = { ...(JSON.parse(text) as FakePagerDutyEvent), at };
      events.push(event);
      reply(202, { status: 'success', message: 'Event processed', dedup_key: event.dedup_key });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    refused,
    down: () => void (isDown = true),
    up: () => void (isDown = false),
    triggers: (level) =>
      events.filter((e) => e.event_action === 'trigger' && (level === undefined || e.payload?.custom_details?.level === level)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What PagerDuty would refuse in this body, or null. */
function invalid(text: string): string | null {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'Body is not valid JSON';
  }
  if (typeof body.routing_key !== 'string' || body.routing_key === '') return "'routing_key' is missing";
  if (typeof body.event_action !== 'string' || !ACTIONS.has(body.event_action)) return "'event_action' is invalid";
  if (typeof body.dedup_key !== 'string' || body.dedup_key === '') return "'dedup_key' is missing";
  if (body.event_action === 'trigger') {
    const p = body.payload as Record<string, unknown> | undefined;
    if (!p || typeof p.summary !== 'string' || typeof p.source !== 'string' || typeof p.severity !== 'string') return "'payload' is invalid";
  }
  return null;
}

