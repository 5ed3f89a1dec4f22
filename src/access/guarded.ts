// Access: the incidents API as one person may use it — the one place every Slack command, button
// and form goes through. Each change is checked (access.may, and the per-user limits for page and
// declare) before it reaches the incident, private incidents are left out of lists for those outside
// their channel, and every attempt — allowed, refused by the rules, or refused by the incident's own
// state — is appended to the audit log with who, from which workspace, what, parameters and outcome.
import type { Actor } from '../domain/actor.js';
import type { Change, ChangeOutcome, DeclareRequest, Found, IncidentLookup, IncidentRef, Incidents, LoadedIncident } from '../incidents/index.js';
import { recordAudit, type AuditEntry } from '../store/audit.js';
import type { IncidentListItem } from '../store/incidents.js';
import type { Transport } from '../store/transport.js';
import type { Access } from './index.js';
import { refusalOutcome, type AccessRefusal, type Decision } from './rules.js';
import { actionsOf, subjectOf } from './subject.js';

/** A change refused by access rules (not by the incident's state). */
export type Forbidden = { ok: false; incident: IncidentRef; refusal: { kind: 'forbidden'; access: AccessRefusal } };
export type GuardedOutcome = ChangeOutcome | Forbidden;
/** An incident found, or why not — including a private one this person may not see (recorded). */
export type GuardedFound = Found | { ok: false; reason: 'not-member'; number: number | null };
export type Declared = { ok: true; incident: IncidentRef & { number: number } } | { ok: false; refusal: AccessRefusal };

/** Where the person acted: `command` `resolve`, `button` `firebreak_ack`, `form` `firebreak_resolve_modal`. */
export interface Surface {
  kind: 'command' | 'button' | 'form';
  name: string;
}

export interface GuardedIncidents {
  declare(req: Omit<DeclareRequest, 'declaredBy'>): Promise<Declared>;
  /** `actor`, when given, must be the person this was made for (the plain Incidents API's shape). */
  apply(incident: LoadedIncident, change: Change, actor?: Actor): Promise<GuardedOutcome>;
  /** Whether the person may run `action` (e.g. before opening a form that would lead to it). Refusals are recorded. */
  permit(action: string, incident?: LoadedIncident | null): Promise<Decision>;
  /** A private incident this person is not in the channel of is refused here, for reading and acting alike. */
  find(lookup: IncidentLookup): Promise<GuardedFound>;
  read(id: string): Promise<LoadedIncident | null>;
  /** The incidents this person may see (private ones only for their channel's members). */
  list(openOnly: boolean): Promise<IncidentListItem[]>;
  /** Loaded incidents this person may see, at most `max` of the open ones (App Home). */
  visible(max: number): Promise<LoadedIncident[]>;
  /** Records the interaction itself when nothing above recorded it (a list, help, a usage answer). */
  recordUnlessRecorded(outcome: string, params?: unknown): Promise<void>;
}

export interface GateDeps {
  incidents: Incidents;
  access: Access;
  store: Transport;
  /** An audit row could not be written: logged, never shown. */
  onError?: (what: string, err: unknown) => void;
}

export interface Gate {
  as(actor: Actor, surface: Surface): GuardedIncidents;
}

export function createGate(deps: GateDeps): Gate {
  const { incidents, access } = deps;
  return {
    as(actor, surface) {
      let recorded = false;
      const record = async (entry: Omit<AuditEntry, 'actor'>) => {
        recorded = true;
        try {
          await recordAudit(deps.store, { ...entry, actor, params: { surface: surface.kind, name: surface.name, ...(entry.params as object | undefined) } });
        } catch (err) {
          deps.onError?.(`record ${entry.action} by ${actor.id}`, err);
        }
      };
      const refused = async (action: string, subject: string | null, refusal: AccessRefusal, params?: unknown) => {
        await record({ action, subject, params, outcome: refusalOutcome(refusal) });
      };

      /** Every permission the change needs, then the limit it spends. */
      async function check(incident: LoadedIncident, change: Change): Promise<Decision> {
        const subject = subjectOf(incident);
        for (const action of actionsOf(change)) {
          const d = await access.may(actor, action, subject);
          if (!d.ok) return d;
        }
        // A role on a private incident for someone outside its channel invites them: that is `invite`.
        if (change.kind === 'role' && subject.private && !(await access.canSee(change.user, subject))) {
          const d = await access.may(actor, 'invite', subject);
          if (!d.ok) return d;
        }
        if (change.kind === 'page') return access.spend(actor, 'page');
        return { ok: true };
      }

      return {
        async declare(req) {
          const allowed = await access.may(actor, 'declare', null);
          const d = allowed.ok ? await access.spend(actor, 'declare') : allowed;
          const params = { title: req.title, severity: req.severity, service: req.service };
          if (!d.ok) {
            await refused('incident.declare', null, d.refusal, params);
            return d;
          }
          const created = await incidents.declare({ ...req, declaredBy: actor });
          await record({ action: 'incident.declare', subject: created.id, params: { ...params, number: created.number }, outcome: 'ok' });
          return { ok: true, incident: created };
        },

        async apply(incident, change, other) {
          if (other !== undefined && other.id !== actor.id) throw new Error(`a guarded change for ${actor.id} was applied as ${other.id}`);
          const action = `incident.${change.kind}`;
          const ref = { id: incident.view.id, number: incident.view.number };
          const d = await check(incident, change);
          if (!d.ok) {
            await refused(action, incident.view.id, d.refusal, change);
            return { ok: false, incident: ref, refusal: { kind: 'forbidden', access: d.refusal } };
          }
          const outcome = await incidents.apply(incident, change, actor);
          await record({ action, subject: incident.view.id, params: change, outcome: outcome.ok ? 'ok' : `rejected:${outcome.refusal.kind}` });
          return outcome;
        },

        async permit(action, incident) {
          const d = await access.may(actor, action, incident ? subjectOf(incident) : null);
          if (!d.ok) await refused(`incident.${action}`, incident?.view.id ?? null, d.refusal);
          return d;
        },

        async find(lookup) {
          const found = await incidents.find(lookup);
          if (!found.ok) return found;
          const subject = subjectOf(found.incident);
          if (await access.canSee(actor.id, subject)) return found;
          await refused(`incident.${surface.name}`, subject.id, { kind: 'not-member', incident: subject.number }, lookup);
          return { ok: false, reason: 'not-member', number: subject.number };
        },
        read: (id) => incidents.read(id),

        async list(openOnly) {
          const all = await incidents.list(openOnly);
          const seen = await Promise.all(all.map(async (item) => {
            const loaded = await incidents.read(item.id);
            return loaded !== null && (await access.canSee(actor.id, subjectOf(loaded)));
          }));
          return all.filter((_, i) => seen[i]);
        },

        async visible(max) {
          const open = await incidents.list(true);
          const out: LoadedIncident[] = [];
          for (const item of open) {
            if (out.length >= max) break;
            const loaded = await incidents.read(item.id);
            if (loaded !== null && (await access.canSee(actor.id, subjectOf(loaded)))) out.push(loaded);
          }
          return out;
        },

        async recordUnlessRecorded(outcome, params) {
          if (!recorded) await record({ action: `slack.${surface.kind}.${surface.name}`, subject: null, params, outcome });
        },
      };
    },
  };
}
