// Incidents: what a new incident snapshots from firebreak.yaml — its chat settings, reminders and
// escalation policy — and what routing and paging by hand read. Read afresh for every decision, so
// a SIGHUP reload reaches new incidents while running ones keep what they snapshotted.
import type { FileConfig } from '../config/file-schema.js';
import type { Severity } from '../domain/alert.js';
import { routeDeclaration, type RoutingConfig } from '../domain/routing.js';
import type { ChatSettings, EscalationSnapshot, ReminderSettings } from '../workflows/incident/index.js';
import { sourceLimits } from '../config/sources-schema.js';
import type { IntakeLimits } from '../store/incidents.js';
import type { MaskingRules } from '../domain/masking.js';

const NO_MASKING: MaskingRules = { emails: false, phones: false, cards: false, urlTokens: false, ips: false, keep: [] };

export interface IncidentSettings {
  routing: RoutingConfig;
  chat: ChatSettings;
  reminders: ReminderSettings;
  /** Escalation policies by name. */
  policies: FileConfig['escalation']['policies'];
  /** Each alert source's caps on what one delivery and one minute may declare. */
  limits: (source: string) => IntakeLimits;
  /** PII masked at ingest. */
  masking: MaskingRules;
  /** Diagnostics on declaration, unless the routing rule says otherwise (diagnostics.enabled and on_declare). */
  diagnosticsOnDeclare?: boolean;
}

export function incidentSettings(file: Pick<FileConfig, 'routing' | 'slack' | 'reminders' | 'escalation' | 'sources'> & Partial<Pick<FileConfig, 'masking' | 'diagnostics'>>): IncidentSettings {
  const c = file.slack;
  return {
    routing: file.routing,
    chat: {
      channelPattern: c.channelPattern, privateChannel: c.privateChannels, announceChannel: c.announceChannel,
      archiveAfterMs: c.archiveAfterMs, closeAfterMs: c.closeAfterMs,
    },
    reminders: file.reminders,
    policies: file.escalation.policies,
    limits: (source) => sourceLimits(file.sources, source),
    masking: file.masking ?? NO_MASKING,
    ...(file.diagnostics !== undefined && { diagnosticsOnDeclare: file.diagnostics.enabled && file.diagnostics.onDeclare }),
  };
}

/** The policy a new incident snapshots: by name, else routing's default; null when there is none. */
export function escalationSnapshot(settings: IncidentSettings, name: string | null): EscalationSnapshot | null {
  const chosen = name ?? settings.routing.defaults.policy;
  const policy = chosen === null || !Object.hasOwn(settings.policies, chosen) ? undefined : settings.policies[chosen];
  if (!chosen || !policy) return null;
  return { name: chosen, levels: policy.levels.map((l) => ({ targets: [...l.targets], timeoutMs: l.timeoutMs, ...(l.fallback ? { fallback: { targets: [...l.fallback.targets], afterMs: l.fallback.afterMs } } : {}) })), repeat: policy.repeat };
}

/** A declaration by hand: routing's rules that can judge one (service, severity), else the default. */
export function declarationPolicy(settings: IncidentSettings, declaration: { service: string | null; severity: Severity }): EscalationSnapshot | null {
  return escalationSnapshot(settings, routeDeclaration(declaration, settings.routing).policy);
}
