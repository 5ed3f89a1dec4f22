// Slack: the Directory port (effects/ports.ts) on the Web API — who someone is (users.info: guest =
// is_restricted / is_ultra_restricted; external = is_stranger, or a home workspace other than ours
// outside our Grid org), a user group's members (usergroups.users.list) and a channel's members
// (conversations.members, every page). Answers are cached at most 60 s, in a bounded map, so a
// permission change takes effect within a minute and a burst of clicks asks Slack once.
import type { WebClient } from '@slack/web-api';
import type { Directory, Person, PortResult } from '../../effects/ports.js';
import { classifySlackError, slackErrorCode } from './classify.js';

/** The longest any answer is trusted: the bound on how stale a permission may be. */
export const MAX_DIRECTORY_TTL_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 5_000;
const MEMBERS_PAGE = 1000;

export interface SlackDirectoryOptions {
  /** Our workspace (SLACK_TEAM_ID); asked of auth.test once when not given. */
  teamId?: string;
  /** Our Enterprise Grid org (SLACK_ENTERPRISE_ID): users of its other workspaces are not external. */
  enterpriseId?: string;
  /** How long an answer is kept (capped at 60 s). */
  ttlMs?: number;
  /** Entries kept per kind of answer; the oldest goes first. */
  maxEntries?: number;
  now?: () => number;
}

interface SlackUser {
  id?: string;
  team_id?: string;
  deleted?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
  enterprise_user?: { enterprise_id?: string };
}

/**
 * A permission check answers someone waiting in Slack: a short 429 (Retry-After up to 1 s) is waited
 * out and asked again, at most twice, rather than refusing them for our lookup's sake.
 */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const verdict = classifySlackError(err, { method: 'directory' });
      if (attempt >= 2 || verdict.kind !== 'rate-limited' || verdict.retryAfterMs > 1_000) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.max(verdict.retryAfterMs, 100)));
    }
  }
}

export function createSlackDirectory(client: WebClient, opts: SlackDirectoryOptions = {}): Directory {
  const now = opts.now ?? Date.now;
  const ttl = Math.min(opts.ttlMs ?? MAX_DIRECTORY_TTL_MS, MAX_DIRECTORY_TTL_MS);
  const people = boundedCache<Person | null>(opts.maxEntries ?? DEFAULT_MAX_ENTRIES, ttl, now);
  const groups = boundedCache<string[]>(opts.maxEntries ?? DEFAULT_MAX_ENTRIES, ttl, now);
  const channels = boundedCache<string[]>(opts.maxEntries ?? DEFAULT_MAX_ENTRIES, ttl, now);
  let ourTeam: string | undefined = opts.teamId;

  async function homeTeam(): Promise<PortResult<string | null>> {
    if (ourTeam !== undefined) return { ok: true, value: ourTeam };
    try {
      const res = await patiently(() => client.auth.test());
      ourTeam = res.team_id ?? undefined;
      return { ok: true, value: ourTeam ?? null };
    } catch (err) {
      return { ok: false, error: classifySlackError(err, { method: 'auth.test' }) };
    }
  }

  return {
    async person(user) {
      const hit = people.get(user);
      if (hit !== undefined) return { ok: true, value: hit.value };
      let u: SlackUser | undefined;
      try {
        u = (await patiently(() => client.users.info({ user }))).user as SlackUser | undefined;
      } catch (err) {
        if (slackErrorCode(err) !== 'user_not_found') return { ok: false, error: classifySlackError(err, { method: 'users.info' }) };
      }
      const team = await homeTeam();
      if (!team.ok) return team;
      const person = u === undefined ? null : toPerson(user, u, team.value, opts.enterpriseId);
      people.set(user, person);
      return { ok: true, value: person };
    },

    async groupMembers(group) {
      const hit = groups.get(group);
      if (hit !== undefined) return { ok: true, value: hit.value };
      try {
        const users = (await patiently(() => client.usergroups.users.list({ usergroup: group }))).users ?? [];
        groups.set(group, users);
        return { ok: true, value: users };
      } catch (err) {
        // A deleted or unknown group has no members: nobody holds a role through it.
        if (slackErrorCode(err) === 'no_such_subteam') return groups.set(group, []), { ok: true, value: [] };
        return { ok: false, error: classifySlackError(err, { method: 'usergroups.users.list' }) };
      }
    },

    async channelMembers(channel) {
      const hit = channels.get(channel);
      if (hit !== undefined) return { ok: true, value: hit.value };
      const members: string[] = [];
      let cursor: string | undefined;
      try {
        do {
          const res = await patiently(() => client.conversations.members({ channel, limit: MEMBERS_PAGE, ...(cursor && { cursor }) }));
          members.push(...(res.members ?? []));
          cursor = res.response_metadata?.next_cursor || undefined;
        } while (cursor);
      } catch (err) {
        return { ok: false, error: classifySlackError(err, { method: 'conversations.members' }) };
      }
      channels.set(channel, members);
      return { ok: true, value: members };
    },
  };
}

function toPerson(id: string, u: SlackUser, ourTeam: string | null, enterpriseId: string | undefined): Person {
  const team = u.team_id ?? null;
  const sameOrg = enterpriseId !== undefined && u.enterprise_user?.enterprise_id === enterpriseId;
  const otherTeam = ourTeam !== null && team !== null && team !== ourTeam && !sameOrg;
  return {
    id,
    team,
    guest: u.is_restricted === true || u.is_ultra_restricted === true,
    external: u.is_stranger === true || otherTeam,
    deleted: u.deleted === true,
  };
}

/** A map whose entries expire after `ttlMs` and whose oldest entry goes when it is full. */
function boundedCache<V>(maxEntries: number, ttlMs: number, now: () => number) {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key: string): { value: V } | undefined {
      const e = entries.get(key);
      if (e === undefined) return undefined;
      if (e.until <= now()) {
        entries.delete(key);
        return undefined;
      }
      return { value: e.value };
    },
    set(key: string, value: V): void {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: now() + ttlMs });
    },
  };
}
