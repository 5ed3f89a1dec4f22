// Incidents: what the web console and the JSON API read — a filtered page of incidents, one
// incident with everything recorded about it, and response figures by week. Reads only; every
// change still goes through `apply` (Slack today, the console later).
import { auditPage, type AuditRecord } from '../store/audit.js';
import {
  consoleIncidents, consoleServices, privateIncidents, weeklyResponse,
  type IncidentFilter, type IncidentPage, type WeekFigures,
} from '../store/console.js';
import { findIncident, listAlerts, type AlertListItem } from '../store/incidents.js';
import type { Transport } from '../store/transport.js';
import { listTimeline, type TimelineEntry } from '../store/workflows.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import { loadIncident, type LoadedIncident } from './view.js';

export type { AuditRecord } from '../store/audit.js';
export type { IncidentFilter, IncidentPage, IncidentRow, WeekFigures } from '../store/console.js';
export type { AlertListItem } from '../store/incidents.js';
export type { TimelineEntry } from '../store/workflows.js';

/** What decides who may see an incident: private incidents are visible to their channel's members. */
export interface Privacy {
  private: boolean;
  channel: string | null;
}

export interface IncidentDetail {
  incident: LoadedIncident;
  privacy: Privacy;
  timeline: TimelineEntry[];
  alerts: AlertListItem[];
  /** Audit entries about the incident: who did what to it (actions, approvals, changes). */
  audit: AuditRecord[];
}

export interface Browse {
  list(filter: IncidentFilter, page: { limit: number; offset: number }, hidden?: readonly string[]): Promise<IncidentPage>;
  services(): Promise<string[]>;
  /** Private incidents and their channels (few): the viewer check runs over these before a list. */
  privateIncidents(): Promise<Array<{ id: string } & Privacy>>;
  /** The incident's privacy alone, without reading its timeline. */
  privacyOf(number: number): Promise<(Privacy & { id: string }) | null>;
  /** The same, by the incident's id. */
  privacyOfId(id: string): Promise<(Privacy & { id: string }) | null>;
  detail(number: number): Promise<IncidentDetail | null>;
  timeline(number: number): Promise<TimelineEntry[] | null>;
  weekly(range: { from: Date; to: Date; service: string | null }): Promise<WeekFigures[]>;
}

export function createBrowse(deps: { store: Transport; runner: WorkflowRunner }): Browse {
  const { store, runner } = deps;
  const privacy = (i: LoadedIncident): Privacy => ({ private: i.context.chat?.privateChannel === true, channel: i.context.channel?.id ?? null });
  const load = async (number: number): Promise<LoadedIncident | null> => {
    const found = await findIncident(store, { number });
    return found ? loadIncident(store, runner, found.id) : null;
  };
  return {
    list: (filter, page, hidden = []) => consoleIncidents(store, filter, page, hidden),
    services: () => consoleServices(store),
    async privateIncidents() {
      return (await privateIncidents(store)).map((p) => ({ id: p.id, channel: p.channel, private: true }));
    },
    async privacyOf(number) {
      const incident = await load(number);
      return incident ? { id: incident.view.id, ...privacy(incident) } : null;
    },
    async privacyOfId(id) {
      const incident = await loadIncident(store, runner, id);
      return incident ? { id, ...privacy(incident) } : null;
    },
    async detail(number) {
      const incident = await load(number);
      if (!incident) return null;
      const id = incident.view.id;
      const [timeline, alerts, audit] = await Promise.all([listTimeline(store, id), listAlerts(store, id), auditPage(store, { subject: id, limit: 500 })]);
      return { incident, privacy: privacy(incident), timeline, alerts, audit };
    },
    async timeline(number) {
      const found = await findIncident(store, { number });
      return found ? listTimeline(store, found.id) : null;
    },
    weekly: ({ from, to, service }) => weeklyResponse(store, from, to, service),
  };
}
