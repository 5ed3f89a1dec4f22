// Data governance: the retention job. Due once per `retention.run_every` across every replica (the
// claim is a row), it purges in bounded passes until nothing past retention is left, and records
// what went in the audit log. A restart in the middle loses nothing: the next due run goes on.
import type { RetentionConfig } from '../config/governance-schema.js';
import { SYSTEM_ACTOR } from '../domain/actor.js';
import { recordAudit } from '../store/audit.js';
import { claimRetentionRun, finishRetentionRun, purgeOnce, type Purged } from '../store/retention.js';
import type { Transport } from '../store/transport.js';

export type PurgeTotals = Omit<Purged, 'more'>;

const ZERO: PurgeTotals = { raw_payloads: 0, deliveries: 0, workflows: 0, alerts: 0, timeline: 0, security_events: 0, firings: 0, audit: 0 };

/** Purges everything past retention now (bounded passes); null when another replica is at it. */
export async function purgeExpired(store: Transport, retention: RetentionConfig, batch = 5000): Promise<PurgeTotals | null> {
  const totals = { ...ZERO };
  for (;;) {
    const pass = await purgeOnce(store, {
      raw_payloads_ms: retention.rawPayloadsMs, incidents_ms: retention.incidentsMs,
      security_events_ms: retention.securityEventsMs, audit_ms: retention.auditMs, batch,
    });
    if (pass === null) return null;
    for (const k of Object.keys(ZERO) as Array<keyof PurgeTotals>) totals[k] += pass[k];
    if (!pass.more) return totals;
  }
}

/** Runs the job if it is due; the totals when it ran. */
export async function runRetentionIfDue(store: Transport, retention: RetentionConfig): Promise<PurgeTotals | null> {
  const run = await claimRetentionRun(store, retention.runEveryMs);
  if (run === null) return null;
  const totals = (await purgeExpired(store, retention)) ?? { ...ZERO };
  await finishRetentionRun(store, run, totals);
  if (Object.values(totals).some((n) => n > 0)) {
    await recordAudit(store, { actor: SYSTEM_ACTOR, action: 'retention.purge', subject: null, params: { retention }, outcome: `ok:${JSON.stringify(totals)}` });
  }
  return totals;
}
