// Incidents: the alerts this process last saw attached to an open incident, so a repeat of one (a
// renotify, a retry, a redelivery) skips planning an incident the store would not create. A hint,
// never the truth: when it is wrong (the incident closed meanwhile, here or on another replica)
// the store refuses the delivery without writing anything and the alert is planned and sent again.
import type { AlertOutcome } from '../store/incidents.js';

/** Alerts remembered, oldest forgotten first: memory stays flat however many alerts arrive. */
export const ATTACHED_ALERTS_CAP = 10_000;

/** Outcomes after which the alert belongs to an incident that is open. */
const ATTACHED: ReadonlySet<AlertOutcome> = new Set(['updated', 'attached', 'declared', 'refired', 'reopened']);

export class AttachedAlerts {
  private readonly keys = new Set<string>();

  constructor(private readonly cap = ATTACHED_ALERTS_CAP) {}

  has(source: string, key: string): boolean {
    return this.keys.has(keyOf(source, key));
  }

  /** What the store answered for an alert: remember it if attached to an open incident, forget it otherwise. */
  saw(source: string, key: string, outcome: AlertOutcome, incidentId: string | null): void {
    const k = keyOf(source, key);
    this.keys.delete(k);
    if (incidentId === null || !ATTACHED.has(outcome)) return;
    this.keys.add(k);
    if (this.keys.size > this.cap) this.keys.delete(this.keys.values().next().value!);
  }

  forget(source: string, key: string): void {
    this.keys.delete(keyOf(source, key));
  }

  get size(): number {
    return this.keys.size;
  }
}

const keyOf = (source: string, key: string) => `${source}\u0000${key}`;
