// Test support: windowed counting of security events, run on every transport (PGlite in
// test/integration/security, PostgreSQL in test/postgres). Event times are absolute and in the past,
// so the store's "not later than now" clamp never moves them.
import { expect, it } from 'vitest';
import { hitsPerEvent, type DetectionRule, type SecurityEvent } from '../../../src/domain/security-event.js';
import { ingestSecurityEvents, pendingFirings, type EventRow, type RuleRow } from '../../../src/store/security.js';
import type { Transport } from '../../../src/store/transport.js';

export const FAILED_LOGINS: DetectionRule = {
  name: 'failed-login-burst', types: ['auth.login_failed'], where: {}, keyBy: ['ip'],
  windowMs: 5 * 60_000, threshold: 10, cooldownMs: 30 * 60_000,
};
const RULES: RuleRow[] = [{ name: FAILED_LOGINS.name, window_ms: FAILED_LOGINS.windowMs, threshold: FAILED_LOGINS.threshold, cooldown_ms: FAILED_LOGINS.cooldownMs }];
const T0 = Date.parse('2026-11-02T10:00:00Z');

let serial = 0;
/** `n` failed logins from `ip`, `stepMs` apart from `startMs` after T0. */
export function failures(ip: string, n: number, startMs: number, stepMs: number): SecurityEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `evt-${ip}-${startMs}-${i}-${serial++}`, type: 'auth.login_failed', occurredAt: new Date(T0 + startMs + i * stepMs).toISOString(), attributes: { ip, user: `u${i}@example.com` },
  }));
}

export function rows(events: readonly SecurityEvent[]): EventRow[] {
  const hits = hitsPerEvent([FAILED_LOGINS], events);
  return events.map((e, i) => ({ key: e.id, type: e.type, occurred_at: e.occurredAt, attributes: e.attributes, hits: hits[i]! }));
}

export async function send(store: Transport, events: readonly SecurityEvent[]) {
  return ingestSecurityEvents(store, 'events', rows(events), RULES);
}

export async function firingsFor(store: Transport, ip: string) {
  return (await pendingFirings(store, 1000)).filter((f) => f.key === ip);
}

/** The must-show table, each on its own IP so the cases share one store. */
export function detectionCases(store: () => Transport): void {
  it('10 failures within 5 minutes fire once, with the 10 events as evidence', async () => {
    const r = await send(store(), failures('203.0.113.10', 10, 0, 20_000));
    expect(r).toMatchObject({ stored: 10, duplicates: 0 });
    expect(r.firings).toHaveLength(1);
    expect(r.firings[0]).toMatchObject({ rule: 'failed-login-burst', key: '203.0.113.10', count: 10 });
    const [firing] = await firingsFor(store(), '203.0.113.10');
    expect(firing!.events).toHaveLength(10);
    // More failures in the same attack: counted, no second firing (cool-down).
    const more = await send(store(), failures('203.0.113.10', 5, 200_000, 1_000));
    expect(more.firings).toHaveLength(0);
    expect(await firingsFor(store(), '203.0.113.10')).toHaveLength(1);
  });

  it('9 failures do not fire', async () => {
    expect((await send(store(), failures('203.0.113.11', 9, 0, 10_000))).firings).toHaveLength(0);
  });

  it('10 failures spread over 6 minutes do not fire', async () => {
    // 40 s apart: 0 … 360 s; any 5-minute window holds at most 8.
    expect((await send(store(), failures('203.0.113.12', 10, 0, 40_000))).firings).toHaveLength(0);
  });

  it('a second burst after the cool-down fires again', async () => {
    expect((await send(store(), failures('203.0.113.13', 10, 0, 1_000))).firings).toHaveLength(1);
    // 20 minutes later: still cooling down (30 m).
    expect((await send(store(), failures('203.0.113.13', 10, 20 * 60_000, 1_000))).firings).toHaveLength(0);
    // 40 minutes later: a new attack.
    const again = await send(store(), failures('203.0.113.13', 10, 40 * 60_000, 1_000));
    expect(again.firings).toHaveLength(1);
    expect(await firingsFor(store(), '203.0.113.13')).toHaveLength(2);
  });

  it('a redelivered batch counts once; batches split across deliveries count together', async () => {
    const events = failures('203.0.113.14', 10, 0, 5_000);
    expect((await send(store(), events.slice(0, 6))).firings).toHaveLength(0);
    const redelivered = await send(store(), events.slice(0, 6));
    expect(redelivered).toMatchObject({ stored: 0, duplicates: 6, firings: [] });
    // Out of order within a batch: counted by event time.
    expect((await send(store(), events.slice(6).reverse())).firings).toHaveLength(1);
  });

  it('counts per key: failures spread over two IPs do not add up', async () => {
    const mixed = [...failures('203.0.113.15', 5, 0, 1_000), ...failures('203.0.113.16', 5, 0, 1_000)];
    expect((await send(store(), mixed)).firings).toHaveLength(0);
  });
}
