// Data governance: export everything about one incident, and erase a person's identifier across
// incidents — each recorded in the audit log (the identifier itself only as a digest).
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import { recordAudit } from '../store/audit.js';
import { eraseIdentifier, exportIncident, type Erased, type IncidentExport } from '../store/governance.js';
import type { Transport } from '../store/transport.js';

/** A stable pseudonym: the same person erased twice reads the same everywhere, and reveals nothing. */
export function pseudonym(identifier: string): string {
  return `erased-${createHash('sha256').update(identifier.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}

export async function exportIncidentRecord(store: Transport, number: number, actor: Actor): Promise<IncidentExport | null> {
  const record = await exportIncident(store, number);
  await recordAudit(store, { actor, action: 'incident.export', subject: record?.incident.id ?? null, params: { number }, outcome: record ? 'ok' : 'refused:no-such-incident' });
  return record;
}

export async function erasePerson(store: Transport, identifier: string, actor: Actor): Promise<{ pseudonym: string; erased: Erased }> {
  const replacement = pseudonym(identifier);
  const erased = await eraseIdentifier(store, identifier, replacement);
  await recordAudit(store, { actor, action: 'person.erase', subject: null, params: { identifier_digest: replacement }, outcome: `ok:${JSON.stringify(erased)}` });
  return { pseudonym: replacement, erased };
}
