// Edge (console): who may see an incident. The one place the rule lives, so the access feature's
// `canSee(user, incident)` replaces it here alone: a private incident is visible to the members of
// its channel; everything else to anyone signed in. Local mode (loopback) and the API token see all.
import type { Privacy } from '../../incidents/browse.js';
import type { Viewer } from './viewer.js';

/** The one question the console asks Slack: who is in this channel (`Directory.channelMembers`). */
export type ChannelMembers = (channel: string) => Promise<{ ok: true; value: string[] } | { ok: false; error: { message: string } }>;

export interface Visibility {
  canSee(viewer: Viewer, incident: Privacy): Promise<boolean>;
  /** Of `incidents`, the ids the viewer may not see. */
  hidden(viewer: Viewer, incidents: ReadonlyArray<Privacy & { id: string }>): Promise<string[]>;
}

export function createVisibility(channelMembers: ChannelMembers | null): Visibility {
  async function canSee(viewer: Viewer, incident: Privacy): Promise<boolean> {
    if (viewer.kind !== 'user') return true;
    if (!incident.private) return true;
    // No channel yet, or no way to ask: nobody but local mode and the API token sees it (fail closed).
    if (!incident.channel || !channelMembers) return false;
    const members = await channelMembers(incident.channel);
    return members.ok && members.value.includes(viewer.user);
  }
  return {
    canSee,
    async hidden(viewer, incidents) {
      if (viewer.kind !== 'user') return [];
      const seen = await Promise.all(incidents.map(async (i) => ((await canSee(viewer, i)) ? null : i.id)));
      return seen.filter((id): id is string => id !== null);
    },
  };
}
