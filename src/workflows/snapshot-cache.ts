// Workflows: a bounded LRU of restored snapshots so a step is one store round trip when this
// process made the last step. The store stays the truth: a stale entry fails the version check.
import type { AnyMachineSnapshot } from 'xstate';

export interface CachedWorkflow {
  kind: string;
  version: number;
  snapshot: AnyMachineSnapshot;
}

export class SnapshotCache {
  private readonly entries = new Map<string, CachedWorkflow>();

  constructor(private readonly capacity: number) {}

  get(id: string): CachedWorkflow | undefined {
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }

  set(id: string, entry: CachedWorkflow): void {
    if (this.capacity <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
