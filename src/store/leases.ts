// Store: who holds leases, and ending the leases of owners known to be dead.
import type { Transport } from './transport.js';

export function leaseOwners(t: Transport): Promise<string[]> {
  return t.rpc<string[]>('fb_lease_owners');
}

export function expireLeases(t: Transport, owners: string[]): Promise<{ timers: number; effects: number }> {
  return t.rpc('fb_leases_expire', { p_owners: owners });
}
