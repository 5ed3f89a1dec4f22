// Workflows (engine): the leases of a dead incarnation on this host end at once. An owner is named
// `host:pid:token`; on our own host an owner whose process is gone — or that has our pid but not
// our token (we are its restart: in a container the pid is 1 every time) — can hold nothing any
// more, so its timers and effects are taken now rather than when their leases run out. Owners on
// other hosts are left to their leases: their liveness cannot be seen from here.
import { hostname } from 'node:os';
import type { Logger } from '../observability/observer.js';
import { expireLeases, leaseOwners } from '../store/leases.js';
import type { Transport } from '../store/transport.js';

export interface OwnerName {
  host: string;
  pid: number;
  token: string;
}

export function ownerName(o: OwnerName): string {
  return `${o.host}:${o.pid}:${o.token}`;
}

/** Host names may hold colons (an IPv6 literal): pid and token are the last two parts. */
export function parseOwner(owner: string): OwnerName | null {
  const m = /^(.+):(\d+):([0-9a-z]+)$/.exec(owner);
  return m ? { host: m[1]!, pid: Number(m[2]), token: m[3]! } : null;
}

/** Engines running in this process (tests run several): their owners are alive, whatever their token. */
const LIVE_HERE = new Set<string>();

export function isDeadIncarnation(owner: string, me: OwnerName, alive: (pid: number) => boolean): boolean {
  const o = parseOwner(owner);
  if (!o || o.host !== me.host || o.token === me.token) return false;
  if (o.pid === me.pid) return !LIVE_HERE.has(o.token);
  return !alive(o.pid);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, not ours to signal
  }
}

/** Looks for dead incarnations at start and every `intervalMs` (a sibling replica on this host may die too). */
export class DeadOwnerReaper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: { store: Transport; me: OwnerName; log: Logger; intervalMs?: number; alive?: (pid: number) => boolean },
  ) {}

  start(): void {
    LIVE_HERE.add(this.opts.me.token);
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.opts.intervalMs ?? 15_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    LIVE_HERE.delete(this.opts.me.token);
  }

  /** Ends the leases of every dead incarnation found; returns how many owners that was. */
  async sweep(): Promise<number> {
    try {
      const alive = this.opts.alive ?? processAlive;
      const dead = (await leaseOwners(this.opts.store)).filter((o) => isDeadIncarnation(o, this.opts.me, alive));
      if (dead.length === 0) return 0;
      const expired = await expireLeases(this.opts.store, dead);
      this.opts.log.warn({ owners: dead, ...expired }, 'took over the leases of a process on this host that is gone');
      return dead.length;
    } catch (err) {
      this.opts.log.warn({ err }, 'could not look for leases of dead processes; they expire by themselves');
      return 0;
    }
  }
}

export function thisProcess(token: string): OwnerName {
  return { host: hostname(), pid: process.pid, token };
}
