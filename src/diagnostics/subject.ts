// Diagnostics: the incident as a source sees it — its facts and alerts from the store, and the
// service's settings from config (repository, PagerDuty service).
import type { DiagnosticsSubject } from '../domain/diagnostics.js';
import type { LoadedIncident } from '../incidents/index.js';
import { diagnosticsAlerts } from '../store/diagnostics.js';
import type { Transport } from '../store/transport.js';
import type { DiagnosticsSettings } from './settings.js';

export async function subjectOf(store: Transport, incident: LoadedIncident, settings: DiagnosticsSettings): Promise<DiagnosticsSubject> {
  const { view } = incident;
  const alerts = await diagnosticsAlerts(store, view.id);
  const service = view.service;
  const perService = service !== null && Object.hasOwn(settings.config.services, service) ? settings.config.services[service] : undefined;
  const repository = service !== null && Object.hasOwn(settings.repositories, service) ? settings.repositories[service]! : null;
  return {
    incidentId: view.id,
    number: view.number,
    title: view.title,
    // A Datadog service tag may differ from the incident's service name.
    service: perService?.datadogService ?? service,
    severity: view.severity,
    declaredAt: view.declaredAt,
    alerts: alerts.map((a) => ({
      source: a.source, key: a.key, status: a.status, title: a.title, tags: a.tags ?? {}, links: a.links ?? [], raw: a.raw, startedAt: a.started_at,
    })),
    repository,
    pagerdutyService: perService?.pagerdutyService ?? null,
  };
}
