// Store: typed calls to the diagnostics functions — the shared per-source cache (expiry by the
// database clock, so every replica sees the same window), deploy events, an incident's alerts.
import type { Transport } from './transport.js';

export interface CacheHit<T = unknown> {
  value: T;
  stored_at: string;
  expires_at: string;
}

export function diagnosticsCacheGet<T>(t: Transport, key: string): Promise<CacheHit<T> | null> {
  return t.rpc<CacheHit<T> | null>('fb_diag_cache_get', { p_key: key });
}

export async function diagnosticsCachePut(t: Transport, key: string, value: unknown, ttlMs: number): Promise<void> {
  await t.rpc('fb_diag_cache_put', { p_key: key, p_value: value, p_ttl_ms: Math.max(0, Math.round(ttlMs)) });
}

export interface DeployEventRow {
  delivery_id: string;
  service: string;
  environment: string | null;
  version: string | null;
  repository: string | null;
  url: string | null;
  description: string | null;
  actor: string | null;
  /** ISO 8601; absent: now. */
  deployed_at?: string | null;
}

export function recordDeploy(t: Transport, event: DeployEventRow): Promise<{ id: number | null; duplicate: boolean }> {
  return t.rpc('fb_deploy_record', { p_event: event });
}

export function recentDeploys(t: Transport, service: string, windowMs: number, limit = 20): Promise<Array<Required<DeployEventRow>>> {
  return t.rpc('fb_deploys_recent', { p_service: service, p_window_ms: Math.round(windowMs), p_limit: limit });
}

export interface DiagnosticsAlertRow {
  source: string;
  key: string;
  status: 'firing' | 'resolved';
  title: string;
  service: string | null;
  environment: string | null;
  tags: Record<string, string>;
  links: Array<{ kind: string; url: string }>;
  raw: unknown;
  started_at: string | null;
}

export function diagnosticsAlerts(t: Transport, incidentId: string, limit = 10): Promise<DiagnosticsAlertRow[]> {
  return t.rpc<DiagnosticsAlertRow[]>('fb_diag_incident_alerts', { p_incident_id: incidentId, p_limit: limit });
}
