// Drill: a throwaway embedded store whose clock is virtual. Every deadline, window and default in
// the SQL (timer due_at, the correlation window, debounced signals, retry backoff, timeline `at`)
// reads now(); here now() is the drill's clock, so a two-hour scenario runs in seconds and the same
// scenario prints the same timeline on every run.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../store/migrate.js';
import { openEmbedded, PGDATA, type EmbeddedTransport } from '../store/transports/embedded.js';
import { ensureMigratedTemplate } from '../store/transports/embedded-template.js';

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
${searchPath()}`;

/** Per session: every connection to a drill store sets it again before anything reads now(). */
function searchPath(): string {
  return 'set search_path = public, drill_clock, pg_catalog;\n';
}

/**
 * The store's functions pin their own search_path (pg_catalog first), which would hide the drill's
 * now() from them: in this throwaway database only, they are pinned to the drill's path instead.
 */
const PIN_DRILL_PATH = `
do $$
declare f regprocedure;
begin
  for f in select p.oid::regprocedure from pg_proc p where p.pronamespace = 'public'::regnamespace loop
    execute format('alter function %s set search_path = public, drill_clock, pg_catalog, pg_temp', f);
  end loop;
end;
$$;`;

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
  const template = await ensureTemplate();
  const dir = await mkdtemp(join(tmpdir(), 'firebreak-drill-'));
  let store: EmbeddedTransport;
  try {
    await cp(join(template, PGDATA), join(dir, PGDATA), { recursive: true });
    store = await openEmbedded(dir);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  let elapsed = 0;
  const sync = () => setClock(store, new Date(startMs + elapsed));
  const close = async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await sync();
    await store.exec(searchPath());
    await migrate(store); // a no-op: the template is at this code's migrations
    await store.exec(PIN_DRILL_PATH);
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

async function setClock(store: EmbeddedTransport, at: Date): Promise<void> {
  await store.query('select set_config($1, $2, false)', [SETTING, at.toISOString()]);
}

/** A migrated drill database (clock installed first), built once per migration set and copied for each drill. */
function ensureTemplate(): Promise<string> {
  return ensureMigratedTemplate({
    dir: join(tmpdir(), 'firebreak-drill'),
    prefix: 'template-',
    prepare: {
      sql: INSTALL,
      run: async (store) => {
        await setClock(store, new Date(0));
        await store.exec(INSTALL);
      },
    },
  });
}
