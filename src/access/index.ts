// Access: who may do what — the one API every surface (the Slack edge, approvals, later the console)
// asks before it changes anything. Facts come from the chat directory (effects/ports.ts Directory,
// cached ≤ 60 s by its adapter) and firebreak.yaml's `access` section (read afresh, so a reload
// applies at once); the rules are pure (rules.ts). Refusals are data the caller words and records.
import type { AccessConfig, LimitedAction } from '../config/access-schema.js';
import type { Actor } from '../domain/actor.js';
import type { Directory } from '../effects/ports.js';
import { spendLimit } from '../store/access-limits.js';
import type { Transport } from '../store/transport.js';
import { ALLOWED, decide, isMember, refuse, type AccessSubject, type ActorFacts, type Decision } from './rules.js';

export { actionsOf, subjectOf } from './subject.js';
export { refusalOutcome, type AccessRefusal, type AccessSubject, type Decision } from './rules.js';
export type { LimitedAction } from '../config/access-schema.js';

/** People named directly, by group, or by a role under access.roles (an approver list, say). */
export interface Audience {
  roles?: readonly string[];
  groups?: readonly string[];
  users?: readonly string[];
}

export interface Access {
  /**
   * May `actor` run `action` (an `access.allow` key: `resolve`, `page-policy`, `approve`, …), on
   * `incident` when it concerns one? Guests and Slack Connect users are refused by default; on a
   * private incident only its channel's members pass.
   */
  may(actor: Actor, action: string, incident?: AccessSubject | null): Promise<Decision>;
  /** May `user` see `incident` (in /incident list, App Home, the console)? Public: yes; private: its channel's members. */
  canSee(user: string, incident: AccessSubject): Promise<boolean>;
  /** Whether `actor` is in `who` (named, in one of its groups, or holding one of its roles) — checked now. */
  isIn(actor: Actor, who: Audience): Promise<boolean>;
  /** Counts one `action` against `actor`'s per-user limit (shared by replicas); refused when over. */
  spend(actor: Actor, action: LimitedAction): Promise<Decision>;
}

export interface AccessDeps {
  directory: Directory;
  store: Transport;
  /** firebreak.yaml's `access` section as it is now (SIGHUP may swap it). */
  settings: () => AccessConfig;
}

export function createAccess(deps: AccessDeps): Access {
  const { directory } = deps;

  /** The members of each group, asked once per decision; a failed answer throws (refused as unavailable). */
  async function groupsHolding(user: string, groups: readonly string[]): Promise<boolean> {
    for (const g of groups) {
      const members = await directory.groupMembers(g);
      if (!members.ok) throw new DirectoryDown();
      if (members.value.includes(user)) return true;
    }
    return false;
  }

  async function facts(actor: Actor, cfg: AccessConfig): Promise<ActorFacts> {
    const person = await directory.person(actor.id);
    if (!person.ok) throw new DirectoryDown();
    const roles = new Set<string>();
    const namedIn = new Set<string>();
    for (const [name, role] of Object.entries(cfg.roles)) {
      if (role.users.includes(actor.id)) {
        roles.add(name);
        namedIn.add(name);
      } else if (await groupsHolding(actor.id, role.groups)) roles.add(name);
    }
    return { id: actor.id, person: person.value, roles, namedIn };
  }

  async function member(subject: AccessSubject | null | undefined, user: string): Promise<boolean> {
    if (!subject?.private) return true;
    if (subject.channel === null) return isMember(subject, null, user);
    const members = await directory.channelMembers(subject.channel);
    if (!members.ok) throw new DirectoryDown();
    return isMember(subject, members.value, user);
  }

  return {
    async may(actor, action, incident) {
      const cfg = deps.settings();
      try {
        return decide(cfg, await facts(actor, cfg), action, incident ?? null, await member(incident, actor.id));
      } catch (err) {
        if (err instanceof DirectoryDown) return refuse({ kind: 'unavailable' });
        throw err;
      }
    },

    async canSee(user, incident) {
      try {
        return await member(incident, user);
      } catch (err) {
        if (err instanceof DirectoryDown) return false;
        throw err;
      }
    },

    async isIn(actor, who) {
      if (who.users?.includes(actor.id)) return true;
      const cfg = deps.settings();
      const roles = (who.roles ?? []).flatMap((r) => (Object.hasOwn(cfg.roles, r) ? [cfg.roles[r]!] : []));
      if (roles.some((r) => r.users.includes(actor.id))) return true;
      try {
        return await groupsHolding(actor.id, [...(who.groups ?? []), ...roles.flatMap((r) => r.groups)]);
      } catch (err) {
        if (err instanceof DirectoryDown) return false;
        throw err;
      }
    },

    async spend(actor, action) {
      const limit = deps.settings().limits[action];
      if (limit === undefined) return ALLOWED;
      const spent = await spendLimit(deps.store, `${action}:${actor.id}`, limit.perMs, limit.max);
      if (spent.ok) return ALLOWED;
      return refuse({ kind: 'rate-limited', action, max: limit.max, perMs: limit.perMs, retryAfterMs: spent.retryAfterMs });
    },
  };
}

/** The directory did not answer: the decision is "unavailable", never a guess. */
class DirectoryDown extends Error {}
