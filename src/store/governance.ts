// Store: data-subject requests — one incident's export, and erasure of a person's identifier
// (SQL in 20261208092000_export_erase.sql).
import type { Transport } from './transport.js';

export type IncidentExport = Record<string, unknown> & { incident: { id: string; number: number } };

export function exportIncident(t: Transport, number: number): Promise<IncidentExport | null> {
  return t.rpc<IncidentExport | null>('fb_incident_export', { p_number: number });
}

export type Erased = Record<'incidents' | 'alerts' | 'timeline' | 'workflows' | 'effects' | 'security_events', number>;

export function eraseIdentifier(t: Transport, identifier: string, replacement: string): Promise<Erased> {
  return t.rpc<Erased>('fb_erase_identifier', { p_needle: identifier, p_replacement: replacement });
}
