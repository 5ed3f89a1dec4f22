// Store: the embedded store's lock file, so two Firebreak processes never open one PGlite data dir.
import { open, readFile, rename, link, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './transport.js';

export const LOCK_FILE = 'firebreak.lock';

export interface DirLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Creates `<dir>/firebreak.lock` (O_EXCL) holding our pid. A lock whose pid is alive is refused; a
 * lock left by a dead process is taken over. The takeover renames the old file aside first and
 * checks it still names the dead pid, so two processes racing for a stale lock cannot both win.
 */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await createExclusive(path)) return { path, release: () => releaseIfOurs(path) };
    const holder = await readPid(path);
    if (holder === undefined) continue; // vanished between our create and read: try again
    if (holder !== null && isAlive(holder)) throw held(holder, dir);
    await takeOver(path, holder);
  }
  throw new StoreError('unavailable', `could not take the lock file ${path}: it keeps changing`);
}

async function createExclusive(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'wx', 0o644);
    try {
      await fh.writeFile(`${process.pid}\n`);
    } finally {
      await fh.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError('unavailable', `cannot create the lock file ${path}: ${(err as Error).message}`);
  }
}

/** The holder's pid; null when unreadable (a crash mid-write); undefined when the file is gone. */
async function readPid(path: string): Promise<number | null | undefined> {
  for (let i = 0; i < 5; i++) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const pid = Number.parseInt(text.trim(), 10);
    if (Number.isInteger(pid) && pid > 0) return pid;
    // Created but not yet written by a process starting right now: give it a moment.
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, just not ours to signal
  }
}

/** Moves a stale lock aside; if what we moved is someone's fresh lock, puts it back. */
async function takeOver(path: string, stalePid: number | null): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await readPid(aside);
  if (moved === stalePid || moved === null || moved === undefined || !isAlive(moved)) {
    await unlink(aside).catch(() => undefined);
    return;
  }
  await link(aside, path).catch(() => undefined); // a newer lock appeared meanwhile: it wins
  await unlink(aside).catch(() => undefined);
}

async function releaseIfOurs(path: string): Promise<void> {
  const pid = await readPid(path).catch(() => undefined);
  if (pid === process.pid) await unlink(path).catch(() => undefined);
}

function held(pid: number, dir: string): StoreError {
  return new StoreError('unavailable', `another Firebreak process (pid ${pid}) has the embedded store at ${dir} open`);
}
