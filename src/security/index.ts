// Security signals: batches of security events in, detection rules counted in the store, and each
// firing handed to incidents as an alert of the `security` source — so routing (the rule's own
// generated route) decides what it declares, and the alert carries the key (an IP, a user) for the
// proposal that follows. Firings are rows: one that was stored but not yet delivered (a crash, the
// store briefly away) is delivered by the next sweep, on any replica, exactly once (the alert's
// delivery id is the firing's id).
import type { Alert } from '../domain/alert.js';
import { hitsPerEvent, type SecurityEvent } from '../domain/security-event.js';
import type { DetectionConfig } from '../config/detections-schema.js';
import type { Delivery, IngestSummary } from '../incidents/index.js';
import { ingestSecurityEvents, markFiringDelivered, pendingFirings, type PendingFiring, type SecurityIngestResult } from '../store/security.js';
import type { Transport } from '../store/transport.js';

export interface SecurityDeps {
  store: Transport;
  /** The live rules (a reload applies to the next batch). */
  rules: () => readonly DetectionConfig[];
  /** Hands a firing's alert to incidents (incidents.ingest bound to the `security` source). */
  raise: (delivery: Delivery) => Promise<IngestSummary>;
  /** Masks what is kept of an event (PII), leaving the attributes rules count by. */
  mask?: (event: SecurityEvent, keep: ReadonlySet<string>) => SecurityEvent;
  onError?: (what: string, err: unknown) => void;
  /**
   * Asks the approval gates for a firing's proposed action (`propose:`), in the incident it declared
   * or joined, before the firing counts as delivered; a throw leaves it for the next sweep, so this
   * must find a request it already made (src/security/propose.ts does). Absent: the proposal only
   * travels as the alert's tags.
   */
  propose?: (proposal: FiringProposal) => Promise<ProposalOutcome>;
  /** Told of each firing delivered (for logs and metrics), with what became of its proposal. */
  onFiring?: (firing: PendingFiring, summary: IngestSummary, proposal: ProposalOutcome | null) => void;
}

export interface FiringProposal {
  firingId: number;
  rule: string;
  action: 'block_ip' | 'disable_account';
  /** The rule's key attributes (`ip`, `user`, …) and their values. */
  key: Record<string, string>;
  incidentId: string;
  /** block_ip: how long the block lasts. */
  ttlMs: number;
  reason: string;
}

export type ProposalOutcome =
  | { kind: 'requested'; number: number; phase: string }
  /** A request for the same target in this incident already stands (a repeated delivery, a second firing). */
  | { kind: 'already'; number: number }
  | { kind: 'refused'; why: string };

export interface Security {
  /** Stores a batch (a redelivered event counts once) and counts it; firings are delivered in the background. */
  ingest(source: 'events' | 'supabase', events: readonly SecurityEvent[]): Promise<SecurityIngestResult>;
  /** Delivers every stored firing not yet delivered; resolves when done. */
  sweep(): Promise<number>;
}

export function createSecurity(deps: SecurityDeps): Security {
  let sweeping: Promise<number> | null = null;
  let again = false;

  async function deliverPending(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const batch = await pendingFirings(deps.store, 50);
      if (batch.length === 0) return delivered;
      for (const firing of batch) {
        const rule = deps.rules().find((r) => r.name === firing.rule);
        const alert = firingAlert(firing, rule);
        const summary = await deps.raise({ deliveryId: `detection-firing:${firing.id}`, alerts: [alert], external: [] });
        const incident = summary.alerts[0]?.incident_id ?? null;
        const proposal = rule?.propose && incident && deps.propose
          ? await deps.propose({
            firingId: firing.id, rule: firing.rule, action: rule.propose.action, incidentId: incident, ttlMs: rule.propose.ttlMs,
            key: Object.fromEntries(rule.keyBy.map((name) => [name, alert.tags[name] ?? ''])),
            reason: `detection ${firing.rule}: ${firing.count} matching events for ${firing.key} (${rule.threshold} or more within ${Math.round(rule.windowMs / 1000)} s)`,
          })
          : null;
        await markFiringDelivered(deps.store, firing.id, incident);
        deps.onFiring?.(firing, summary, proposal);
        delivered++;
      }
    }
  }

  function sweep(): Promise<number> {
    if (sweeping) {
      again = true;
      return sweeping;
    }
    sweeping = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await deliverPending();
        } while (again);
      } finally {
        sweeping = null;
      }
      return total;
    })();
    return sweeping;
  }

  return {
    async ingest(source, events) {
      const rules = deps.rules();
      const keep = new Set(rules.flatMap((r) => [...r.keyBy, ...Object.keys(r.where)]));
      const hits = hitsPerEvent(rules, events);
      const kept = deps.mask ? events.map((e) => deps.mask!(e, keep)) : events;
      const rows = kept.map((e, i) => ({
        key: e.id,
        type: e.type,
        occurred_at: e.occurredAt,
        attributes: e.attributes,
        hits: hits[i]!,
      }));
      const result = await ingestSecurityEvents(deps.store, source, rows, rules.map((r) => ({
        name: r.name, window_ms: r.windowMs, threshold: r.threshold, cooldown_ms: r.cooldownMs,
      })));
      if (result.firings.length > 0) {
        sweep().catch((err: unknown) => deps.onError?.('deliver detection firings', err));
      }
      return result;
    },
    sweep,
  };
}

/** The alert a firing raises: tagged with the rule and its key's attributes (`ip`, `user`, …). */
export function firingAlert(firing: PendingFiring, rule: DetectionConfig | undefined): Alert {
  const keyNames = rule?.keyBy ?? ['key'];
  const keyValues = firing.key.split('|');
  const keyTags = Object.fromEntries(keyNames.map((name, i) => [name, keyValues[i] ?? '']));
  const template = rule?.declare?.title ?? `${firing.rule}: {count} events from {key}`;
  const title = template.replaceAll('{key}', firing.key).replaceAll('{count}', String(firing.count));
  const window = rule ? `${rule.threshold} or more within ${Math.round(rule.windowMs / 1000)} s` : 'the rule\'s threshold';
  return {
    source: 'security',
    key: `detection:${firing.rule}:${firing.key}:${firing.id}`,
    groupKey: null,
    status: 'firing',
    sourceSeverity: rule?.declare?.severity ?? 'sev2',
    title,
    description: `Detection rule ${firing.rule} fired: ${firing.count} matching events for ${firing.key} (${window}), first ${firing.first_seen}, threshold crossed ${firing.crossed_at}.`,
    service: rule?.declare?.service ?? null,
    environment: null,
    tags: {
      detection: firing.rule,
      ...keyTags,
      ...(rule?.propose ? { propose: rule.propose.action, propose_ttl_ms: String(rule.propose.ttlMs) } : {}),
    },
    links: [],
    startedAt: firing.first_seen,
    endedAt: null,
    raw: {
      firing: { id: firing.id, rule: firing.rule, key: firing.key, count: firing.count, first_seen: firing.first_seen, crossed_at: firing.crossed_at },
      events: firing.events,
    },
  };
}
