// Approvals: which approver groups a person is in, asked of the chat directory at click time and
// remembered for at most a minute (a membership change takes effect within 60 s).
import type { Directory } from '../effects/ports.js';

export const MEMBERSHIP_TTL_MS = 60_000;

export class GroupMembership {
  private readonly cache = new Map<string, { members: Set<string>; until: number }>();

  constructor(
    private readonly directory: Pick<Directory, 'groupMembers'> | null,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = MEMBERSHIP_TTL_MS,
  ) {}

  /** The groups among `groups` that `user` belongs to; a group the directory cannot read counts as not. */
  async memberOf(user: string, groups: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (const group of groups) if ((await this.members(group)).has(user)) found.push(group);
    return found;
  }

  /** Everyone in the groups (for DMs to approvers). */
  async everyone(groups: readonly string[]): Promise<string[]> {
    const all = new Set<string>();
    for (const group of groups) for (const u of await this.members(group)) all.add(u);
    return [...all];
  }

  private async members(group: string): Promise<Set<string>> {
    const hit = this.cache.get(group);
    if (hit && hit.until > this.now()) return hit.members;
    if (!this.directory) return new Set();
    const r = await this.directory.groupMembers(group);
    if (!r.ok) return hit?.members ?? new Set();
    const members = new Set(r.value);
    this.cache.set(group, { members, until: this.now() + Math.min(this.ttlMs, MEMBERSHIP_TTL_MS) });
    return members;
  }
}
