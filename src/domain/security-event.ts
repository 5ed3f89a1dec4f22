// Domain: a security event (a failed login, a signup, a role change …) as detection rules see it,
// whatever sent it (our own events format, a Supabase auth-log drain), and the pure rule matching.

export interface SecurityEvent {
  /** The sender's id for this event (a redelivery carries the same one); null when it has none. */
  id: string | null;
  /** e.g. `auth.login_failed`, `auth.signup`, `auth.password_changed`, `auth.role_changed`. */
  type: string;
  /** ISO 8601: when it happened, by the sender's clock. */
  occurredAt: string;
  /** Flat string attributes: ip, user, outcome, … */
  attributes: Record<string, string>;
}

export interface DetectionRule {
  name: string;
  /** Event types this rule counts (exact, or a prefix ending in `*`). */
  types: readonly string[];
  /** Attributes that must all equal one of the listed values ("*": present with any value). */
  where: Readonly<Record<string, readonly string[]>>;
  /** The attributes whose values make the key counted per (e.g. ["ip"]); an event lacking one is not counted. */
  keyBy: readonly string[];
  windowMs: number;
  threshold: number;
  /** After a firing, the same key does not fire again until this much later (event time). */
  cooldownMs: number;
}

export interface DetectionHit {
  /** Index of the event in its batch. */
  event: number;
  rule: string;
  key: string;
}

function typeMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

/** The value a rule counts this event under, or null when the event is not the rule's. */
export function detectionKey(rule: DetectionRule, event: SecurityEvent): string | null {
  if (!typeMatches(rule.types, event.type)) return null;
  for (const [name, allowed] of Object.entries(rule.where)) {
    const value = event.attributes[name];
    if (value === undefined) return null;
    if (!allowed.includes('*') && !allowed.includes(value)) return null;
  }
  const parts: string[] = [];
  for (const name of rule.keyBy) {
    const value = event.attributes[name];
    if (value === undefined || value === '') return null;
    parts.push(value);
  }
  return parts.join('|');
}

/** For each event of a batch, in order, the (rule, key) pairs it counts under. */
export function hitsPerEvent(rules: readonly DetectionRule[], events: readonly SecurityEvent[]): Array<Array<{ rule: string; key: string }>> {
  return events.map((event) =>
    rules.flatMap((rule) => {
      const key = detectionKey(rule, event);
      return key === null ? [] : [{ rule: rule.name, key }];
    }),
  );
}

/** Every (event, rule, key) a batch contributes to counting. */
export function detectionHits(rules: readonly DetectionRule[], events: readonly SecurityEvent[]): DetectionHit[] {
  return hitsPerEvent(rules, events).flatMap((hits, event) => hits.map((h) => ({ event, ...h })));
}
