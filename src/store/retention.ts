// Store: the retention job's calls (SQL in 20261208091000_retention.sql).
import type { Transport } from './transport.js';

export interface RetentionPolicy {
  raw_payloads_ms: number;
  incidents_ms: number;
  security_events_ms: number;
  audit_ms: number;
  batch?: number;
}

export interface Purged {
  raw_payloads: number;
  deliveries: number;
  workflows: number;
  alerts: number;
  timeline: number;
  security_events: number;
  firings: number;
  audit: number;
  more: boolean;
}

/** One bounded pass; null when another replica is purging right now. */
export function purgeOnce(t: Transport, policy: RetentionPolicy): Promise<Purged | null> {
  return t.rpc<Purged | null>('fb_retention_purge', { p_policy: policy });
}

/** The run's id when one is due (none started within `everyMs`), else null. */
export async function claimRetentionRun(t: Transport, everyMs: number): Promise<number | null> {
  const id = await t.rpc<number | string | null>('fb_retention_claim', { p_every_ms: everyMs });
  return id === null ? null : Number(id);
}

export async function finishRetentionRun(t: Transport, run: number, purged: Omit<Purged, 'more'>): Promise<void> {
  await t.rpc('fb_retention_finish', { p_run: run, p_purged: purged });
}
