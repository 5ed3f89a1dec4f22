// Access: the pure rules — given who someone is (the directory's answer, the roles they hold) and what
// they want to do to which incident, allowed or refused with a reason. No I/O: access.ts gathers the
// facts, this decides, and the unit tests run the whole table of roles × actions here.
import { ADMINS, allowedRoles, EVERYONE, INCIDENT_COMMANDER, type AccessConfig, type LimitedAction } from '../config/access-schema.js';

/** What an access decision needs to know about an incident. */
export interface AccessSubject {
  id: string;
  number: number | null;
  /** A private incident: only its channel's members see it or act on it. */
  private: boolean;
  /** Its Slack channel, once created. */
  channel: string | null;
  commander: string | null;
  /** Before the channel exists, the people who will be its first members (declarer, role holders). */
  people: string[];
}

/** Why someone may not do something (worded by each surface; the audit log keeps `kind`). */
export type AccessRefusal =
  /** A Slack guest, and guests are read-only. */
  | { kind: 'guest' }
  /** A Slack Connect user from another organisation, and they are read-only. */
  | { kind: 'external' }
  /** The directory does not know them, or their account is deactivated. */
  | { kind: 'unknown-user' }
  /** A private incident whose channel they are not in. */
  | { kind: 'not-member'; incident: number | null }
  /** None of the roles allowed to run `action` is theirs. */
  | { kind: 'not-allowed'; action: string; roles: string[] }
  /** Over their per-user limit; the window ends in `retryAfterMs`. */
  | { kind: 'rate-limited'; action: LimitedAction; max: number; perMs: number; retryAfterMs: number }
  /** The directory could not be asked just now (Slack down): refused rather than guessed. */
  | { kind: 'unavailable' };

export type Decision = { ok: true } | { ok: false; refusal: AccessRefusal };

export const ALLOWED: Decision = { ok: true };
export const refuse = (refusal: AccessRefusal): Decision => ({ ok: false, refusal });

/** The short reason the audit log records: `refused:<kind>`. */
export function refusalOutcome(refusal: AccessRefusal): string {
  return `refused:${refusal.kind}`;
}

/** Who the actor is, as the directory and the role bindings say. */
export interface ActorFacts {
  id: string;
  /** null: the directory does not know them. */
  person: { guest: boolean; external: boolean; deleted: boolean } | null;
  /** Configured roles they hold (named by user id, or through a group). */
  roles: ReadonlySet<string>;
  /** Configured roles that name them by user id (a guest or external user counts only through these). */
  namedIn: ReadonlySet<string>;
}

/**
 * May `actor` run `action` on `subject`? `member`: whether they are in the private incident's
 * channel (ignored for a public incident or none).
 */
export function decide(cfg: AccessConfig, actor: ActorFacts, action: string, subject: AccessSubject | null, member: boolean): Decision {
  const p = actor.person;
  if (p === null || p.deleted) return refuse({ kind: 'unknown-user' });
  if (subject?.private && !member) return refuse({ kind: 'not-member', incident: subject.number });
  const restricted = (p.guest && cfg.guests === 'read-only') || (p.external && cfg.external === 'read-only');
  // A read-only guest or external user counts only through roles that name them by id.
  const held = restricted ? actor.namedIn : actor.roles;
  if (held.has(ADMINS)) return ALLOWED;
  const allowed = allowedRoles(cfg, action);
  const isCommander = subject !== null && subject.commander === actor.id;
  const ok = allowed.some((r) => (r === EVERYONE ? !restricted : r === INCIDENT_COMMANDER ? isCommander && !restricted : held.has(r)));
  if (ok) return ALLOWED;
  if (restricted) return refuse({ kind: p.guest && cfg.guests === 'read-only' ? 'guest' : 'external' });
  return refuse({ kind: 'not-allowed', action, roles: allowed });
}

/** Whether a private incident's channel (or, before it exists, its first people) includes `user`. */
export function isMember(subject: AccessSubject, members: readonly string[] | null, user: string): boolean {
  if (!subject.private) return true;
  if (members !== null) return members.includes(user);
  return subject.people.includes(user);
}
