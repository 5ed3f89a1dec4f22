// Drill: a throwaway embedded store whose clock is virtual. Every deadline, window and default in
// the SQL (timer due_at, the correlation window, debounced signals, retry backoff, timeline `at`)
// reads now(); here now() is the drill's clock, so a two-hour scenario runs in seconds and the same
// scenario prints the same timeline on every run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../store/migrate.js';
import { openEmbedded, type EmbeddedTransport } from '../store/transports/embedded.js';

const SETTING = 'firebreak.drill_now';

/**
 * `drill_clock.now()` answers the virtual time. It shadows pg_catalog.now() because the search
 * path names pg_catalog after it (unnamed, pg_catalog is searched first). Installed before the
 * migrations, so column defaults (`default now()`) bind to it too; functions resolve now() per call.
 */
const INSTALL = `
create schema if not exists drill_clock;
create or replace function drill_clock.now() returns timestamptz
  language sql stable as $$ select current_setting('${SETTING}')::timestamptz $$;
set search_path = public, drill_clock, pg_catalog;
`;

export interface VirtualClock {
  /** The virtual time now. */
  now(): Date;
  /** Virtual ms since the scenario's start. */
  elapsed(): number;
  /** Moves the clock (forward only) in this process and in the store. */
  set(elapsedMs: number): Promise<void>;
}

export interface DrillStore {
  store: EmbeddedTransport;
  clock: VirtualClock;
  /** Closes the store and deletes its files. */
  close(): Promise<void>;
}

export async function openDrillStore(startMs: number): Promise<DrillStore> {
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-drill-'));
  let store: EmbeddedTransport;
  try {
    store = await openEmbedded(dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  let elapsed = 0;
  const sync = () => store.query('select set_config($1, $2, false)', [SETTING, new Date(startMs + elapsed).toISOString()]);
  const close = async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await sync();
    await store.exec(INSTALL);
    await migrate(store);
  } catch (err) {
    await close();
    throw err;
  }
  const clock: VirtualClock = {
    now: () => new Date(startMs + elapsed),
    elapsed: () => elapsed,
    async set(ms) {
      if (ms < elapsed) throw new Error(`the drill clock only moves forward (${ms} ms < ${elapsed} ms)`);
      elapsed = ms;
      await sync();
    },
  };
  return { store, clock, close };
}
