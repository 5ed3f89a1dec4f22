// Incidents: the incident feature's one API — declare, ingest alerts, apply a responder's change,
// find and read. Edges (webhooks, Slack, the console) verify, parse and call this; so does
// `firebreak drill`, so a rehearsal runs exactly the server's code.
import type { Actor } from '../domain/actor.js';
import type { Severity } from '../domain/alert.js';
import type { SeverityMap } from '../domain/severity.js';
import { newIncidentId } from '../domain/incident.js';
import { declareIncident, findIncident, groupedIngest, listIncidents, type IncidentListItem } from '../store/incidents.js';
import type { Transport } from '../store/transport.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import { planChange, type Change, type ChangeOutcome, type IncidentRef } from './changes.js';
import { AttachedAlerts } from './attached-alerts.js';
import { diagnosticsFlag, ingestDelivery, type Delivery, type IngestSummary } from './ingest.js';
import { planIncident } from './plan.js';
import { declarationPolicy, escalationSnapshot, type IncidentSettings } from './settings.js';
import { loadIncident, type LoadedIncident } from './view.js';

export type { Accepted, Change, ChangeOutcome, IncidentRef, Refusal } from './changes.js';
export type { Delivery, IngestSummary } from './ingest.js';
export type { LoadedIncident } from './view.js';
export { incidentSettings, type IncidentSettings } from './settings.js';

export interface IncidentsDeps {
  store: Transport;
  runner: WorkflowRunner;
  /** What new decisions read (SIGHUP may swap it). */
  settings: () => IncidentSettings;
  /** Events were queued or workflows created: deliver them now rather than at the next poll. */
  wake: () => void;
  newIncidentId?: () => string;
  /** Debounce of alert-change signals to incidents (default 2 s). */
  signalDelayMs?: number;
  /** A change could not be applied for a reason of ours: logged here, never shown to the user. */
  onError?: (what: string, err: unknown) => void;
  /** Each alert source's own severity words, from its descriptor; config's `routing.severity` lies over them. */
  sourceWords?: SeverityMap;
}

export interface DeclareRequest {
  title: string;
  severity: Severity;
  service: string | null;
  commander: string | null;
  summary: string | null;
  declaredBy: Actor;
}

/** An incident named by number, or by its channel (commands typed in an incident channel). */
export type IncidentLookup = { number: number } | { channel: string };

export type Found = { ok: true; incident: LoadedIncident } | { ok: false; reason: 'no-such-number'; number: number } | { ok: false; reason: 'not-an-incident-channel' };

export interface Incidents {
  declare(req: DeclareRequest): Promise<IncidentRef & { number: number }>;
  ingest(source: string, delivery: Delivery): Promise<IngestSummary>;
  /** Checks the change against where the incident stands, then sends it as one workflow event. */
  apply(incident: LoadedIncident, change: Change, actor: Actor): Promise<ChangeOutcome>;
  find(lookup: IncidentLookup): Promise<Found>;
  read(id: string): Promise<LoadedIncident | null>;
  list(openOnly: boolean): Promise<IncidentListItem[]>;
}

export function createIncidents(deps: IncidentsDeps): Incidents {
  const { store, runner } = deps;
  const nextId = deps.newIncidentId ?? newIncidentId;
  const read = (id: string) => loadIncident(store, runner, id);
  const attached = new AttachedAlerts();
  /** Deliveries arriving while others are in the store go together: one commit for many. */
  const storeIngest = groupedIngest(store);

  return {
    async declare(req) {
      const settings = deps.settings();
      const created = await declareIncident(store, planIncident(runner, {
        id: nextId(), title: req.title, severity: req.severity, service: req.service, policy: null, declaredBy: req.declaredBy.id,
        commander: req.commander ?? req.declaredBy.id, summary: req.summary, autoResolve: false, chat: settings.chat,
        reminders: settings.reminders,
        escalation: declarationPolicy(settings, { service: req.service, severity: req.severity }),
        ...diagnosticsFlag(undefined, settings.diagnosticsOnDeclare === undefined ? undefined : () => settings.diagnosticsOnDeclare!),
      }));
      deps.wake();
      return created;
    },

    ingest(source, delivery) {
      return ingestDelivery(source as Parameters<typeof ingestDelivery>[0], delivery, {
        store, runner, wake: deps.wake,
        routing: () => deps.settings().routing,
        chat: () => deps.settings().chat,
        reminders: () => deps.settings().reminders,
        diagnosticsOnDeclare: () => deps.settings().diagnosticsOnDeclare ?? false,
        escalation: (name) => escalationSnapshot(deps.settings(), name),
        limits: (name) => deps.settings().limits(name),
        masking: () => deps.settings().masking,
        ...(deps.sourceWords !== undefined && { sourceWords: deps.sourceWords }),
        newIncidentId: nextId,
        attached,
        storeIngest,
        ...(deps.signalDelayMs !== undefined && { signalDelayMs: deps.signalDelayMs }),
      });
    },

    async apply(incident, change, actor) {
      const ref = { id: incident.view.id, number: incident.view.number };
      const planned = planChange(incident, change, deps.settings().policies);
      if (!planned.ok) return { ok: false, incident: ref, refusal: planned.refusal };
      const outcome = await runner.send(incident.view.id, { ...planned.event, actor: actor.id });
      if (!outcome.ok) {
        deps.onError?.(`apply ${change.kind} to incident ${incident.view.id}`, new Error(`${outcome.error.kind}: ${outcome.error.message}`));
        return { ok: false, incident: ref, refusal: { kind: 'unavailable' } };
      }
      return { ok: true, incident: ref, accepted: planned.accepted };
    },

    async find(lookup) {
      const found = 'number' in lookup
        ? await findIncident(store, { number: lookup.number })
        : await findIncident(store, { system: 'slack', externalId: lookup.channel });
      if (!found) return 'number' in lookup ? { ok: false, reason: 'no-such-number', number: lookup.number } : { ok: false, reason: 'not-an-incident-channel' };
      const incident = await read(found.id);
      // The row without a workflow is a half-written declaration: as good as absent.
      if (!incident) return 'number' in lookup ? { ok: false, reason: 'no-such-number', number: lookup.number } : { ok: false, reason: 'not-an-incident-channel' };
      return { ok: true, incident };
    },

    read,
    list: (openOnly) => listIncidents(store, openOnly),
  };
}
