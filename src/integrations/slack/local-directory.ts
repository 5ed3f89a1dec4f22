// Slack (local mode, no token): the Directory port without Slack. There is no workspace to ask: every
// user is a full member (unless named a guest or external here), and user groups and channels have the
// members given here (the drill and tests seed them) — none otherwise, so a private incident stays
// closed rather than open to all.
import type { Directory, Person } from '../../effects/ports.js';

export interface LocalDirectoryOptions {
  groups?: Record<string, string[]>;
  channels?: Record<string, string[]>;
  guests?: string[];
  external?: string[];
}

export function createLocalDirectory(opts: LocalDirectoryOptions = {}): Directory {
  const groups = new Map(Object.entries(opts.groups ?? {}));
  const channels = new Map(Object.entries(opts.channels ?? {}));
  return {
    person: async (user) => {
      const person: Person = { id: user, team: null, guest: opts.guests?.includes(user) ?? false, external: opts.external?.includes(user) ?? false, deleted: false };
      return { ok: true, value: person };
    },
    groupMembers: async (group) => ({ ok: true, value: [...(groups.get(group) ?? [])] }),
    channelMembers: async (channel) => ({ ok: true, value: [...(channels.get(channel) ?? [])] }),
  };
}
