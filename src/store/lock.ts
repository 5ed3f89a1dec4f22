// Store: the embedded store's lock, so two Firebreak processes never open one PGlite data dir.
//
// The lock is a kernel-held advisory lock on `<dir>/firebreak.lock` (an open file description lock,
// fcntl F_OFD_SETLK, on Linux; flock on macOS; LockFileEx on Windows), taken through
// fs-native-extensions. The kernel drops it when the process dies however it dies (OOM kill,
// `docker kill`, kill -9), and it holds between containers that share a volume on one host. So the
// pid written in the file is only there to name the holder in the refusal: nothing decides by it.
// (A pid-only lock file refused a restarted container whose node was pid 1 again, and let two
// containers each take the other's live pid for a dead one.)
import { constants } from 'node:fs';
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from './transport.js';

export const LOCK_FILE = 'firebreak.lock';

export interface DirLock {
  readonly path: string;
  release(): Promise<void>;
}

/** The part of fs-native-extensions we use: a non-blocking exclusive lock on an open file. */
interface FileLocks {
  tryLock(fd: number): boolean;
}

let locks: FileLocks | undefined;

/** Loaded on first use, so a postgres or supabase deployment never needs the native addon. */
function fileLocks(): FileLocks {
  if (!locks) {
    try {
      locks = createRequire(import.meta.url)('fs-native-extensions') as FileLocks;
    } catch (err) {
      throw new StoreError('unavailable', `cannot load file locking for the embedded store on ${process.platform}-${process.arch}: ${(err as Error).message}`);
    }
  }
  return locks;
}

/**
 * Takes the exclusive lock on `<dir>/firebreak.lock`, or throws StoreError 'unavailable' naming the
 * process that holds it. A lock file left behind by a process that died is simply locked again.
 */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  const { tryLock } = fileLocks();
  for (let attempt = 0; attempt < 10; attempt++) {
    const fh = await openLockFile(path);
    let locked: boolean;
    try {
      locked = tryLock(fh.fd);
    } catch (err) {
      await fh.close();
      throw new StoreError('unavailable', `cannot lock ${path}: ${(err as Error).message} (does this file system support locks?)`);
    }
    if (!locked) {
      const holder = await readHolder(fh);
      await fh.close();
      throw held(holder, dir);
    }
    // A holder that releases unlinks the file while still holding it: if that happened between our
    // open and our lock, we hold a file nobody else will ever open. Lock the one at the path.
    if (!(await isStillAt(fh, path))) {
      await fh.close();
      continue;
    }
    await fh.truncate(0);
    await fh.write(`pid=${process.pid} host=${hostname()} since=${new Date().toISOString()}\n`, 0);
    return { path, release: () => release(fh, path) };
  }
  throw new StoreError('unavailable', `could not take the lock file ${path}: it keeps changing`);
}

async function openLockFile(path: string): Promise<FileHandle> {
  try {
    // Not 'w': truncating before we hold the lock would wipe the holder's name.
    return await open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  } catch (err) {
    throw new StoreError('unavailable', `cannot open the lock file ${path}: ${(err as Error).message}`);
  }
}

async function isStillAt(fh: FileHandle, path: string): Promise<boolean> {
  const [ours, current] = await Promise.all([fh.stat(), stat(path).catch(() => undefined)]);
  return current !== undefined && current.ino === ours.ino && current.dev === ours.dev;
}

interface Holder {
  pid?: number;
  host?: string;
}

/** Who holds it, as far as the file says (empty while the holder is still writing it). */
async function readHolder(fh: FileHandle): Promise<Holder> {
  const text = await fh.readFile('utf8').catch(() => '');
  const pid = /(?:^|pid=)(\d+)/.exec(text)?.[1];
  const host = /host=(\S+)/.exec(text)?.[1];
  return { ...(pid ? { pid: Number(pid) } : {}), ...(host ? { host } : {}) };
}

async function release(fh: FileHandle, path: string): Promise<void> {
  // Unlink while still holding the lock, then let go: see isStillAt.
  await unlink(path).catch(() => undefined);
  await fh.close().catch(() => undefined);
}

function held({ pid, host }: Holder, dir: string): StoreError {
  const where = host && host !== hostname() ? ` on host ${host}` : '';
  const who = pid === undefined ? '' : ` (pid ${pid}${where})`;
  return new StoreError('unavailable', `another Firebreak process${who} has the embedded store at ${dir} open`);
}
