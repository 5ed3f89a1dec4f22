// Edge (console): who may see an incident. The rule itself is the access feature's
// (`Access.canSee`: a private incident is visible to its channel's members, fail closed when Slack
// cannot say); this is the one place the console asks it. Local mode (loopback) sees everything.
import type { AccessSubject } from '../../access/index.js';
import type { Privacy } from '../../incidents/browse.js';
import type { Viewer } from './viewer.js';

/** `Access.canSee`. */
export type CanSee = (user: string, incident: AccessSubject) => Promise<boolean>;

export interface Visibility {
  canSee(viewer: Viewer, incident: Privacy & { id: string; number?: number | null; commander?: string | null; people?: string[] }): Promise<boolean>;
  /** Of `incidents`, the ids the viewer may not see. */
  hidden(viewer: Viewer, incidents: ReadonlyArray<Privacy & { id: string }>): Promise<string[]>;
}

export function createVisibility(accessCanSee: CanSee): Visibility {
  const canSee: Visibility['canSee'] = async (viewer, incident) => {
    if (viewer.kind !== 'user') return true;
    if (!incident.private) return true;
    return accessCanSee(viewer.user, {
      id: incident.id, number: incident.number ?? null, private: true, channel: incident.channel,
      commander: incident.commander ?? null, people: incident.people ?? [],
    });
  };
  return {
    canSee,
    async hidden(viewer, incidents) {
      if (viewer.kind !== 'user') return [];
      const seen = await Promise.all(incidents.map(async (i) => ((await canSee(viewer, i)) ? null : i.id)));
      return seen.filter((id): id is string => id !== null);
    },
  };
}
