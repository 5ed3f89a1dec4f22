// Tests: the embedded store's lock — held by the kernel, decided by nothing written in the file.
// The refusal of a second live process (a real `firebreak start`) is in test/e2e/embedded-lock.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirLock, LOCK_FILE, type DirLock } from '../../../src/store/lock.js';
import { openTransport } from '../../../src/store/open.js';
import type { Transport } from '../../../src/store/transport.js';
import { copyTemplateDataDir } from '../../support/store/embedded.js';

const held: (DirLock | Transport)[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((h) => ('release' in h ? h.release() : h.close())));
});
const keep = <T extends DirLock | Transport>(h: T): T => (held.push(h), h);
const emptyDir = () => mkdtemp(join(tmpdir(), 'firebreak-lock-'));

describe('embedded store lock', () => {
  it('refuses a second holder of the same data dir, naming the process that has it', async () => {
    const dir = await emptyDir();
    keep(await acquireDirLock(dir));
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^pid=${process.pid} host=${hostname()} since=\\S+\\n$`));
    // Two opens in one process conflict too: the lock belongs to the open file, not to the pid.
    await expect(acquireDirLock(dir)).rejects.toMatchObject({
      name: 'StoreError',
      kind: 'unavailable',
      message: `another Firebreak process (pid ${process.pid}) has the embedded store at ${dir} open`,
    });
  });

  it('opens a store whose lock file names our own pid, as a restarted container (node is pid 1 again) finds it', async () => {
    const dataDir = await copyTemplateDataDir();
    await writeFile(join(dataDir, LOCK_FILE), `${process.pid}\n`); // what the pid-only lock left behind
    const store = keep(await openTransport({ kind: 'embedded', dataDir }));
    expect(await store.rpc('fb_engine_stats')).toMatchObject({ workflows_active: 0 });
  });

  it('takes a lock file that names a live process which does not hold the lock', async () => {
    const dir = await emptyDir();
    // pid 1 is alive on every machine; a pid check would have refused this file for good.
    await writeFile(join(dir, LOCK_FILE), `pid=1 host=other-container since=2026-01-01T00:00:00.000Z\n`);
    keep(await acquireDirLock(dir));
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toContain(`pid=${process.pid} `);
  });

  it('lets go on release: the file goes and the next holder takes the dir at once', async () => {
    const dir = await emptyDir();
    await (await acquireDirLock(dir)).release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    keep(await acquireDirLock(dir));
  });

  it('refuses while the lock is held even if the pid in the file is dead here (the pid of another container)', async () => {
    const dir = await emptyDir();
    const first = keep(await acquireDirLock(dir));
    const deadHere = spawnSync(process.execPath, ['-e', '0']).pid!;
    await writeFile(first.path, `pid=${deadHere} host=${hostname()} since=2026-01-01T00:00:00.000Z\n`);
    await expect(acquireDirLock(dir)).rejects.toMatchObject({
      kind: 'unavailable',
      message: `another Firebreak process (pid ${deadHere}) has the embedded store at ${dir} open`,
    });
  });

  it('names the other host when the holder is on one (containers sharing a volume)', async () => {
    const dir = await emptyDir();
    const first = keep(await acquireDirLock(dir));
    await writeFile(first.path, `pid=1 host=container-a since=2026-01-01T00:00:00.000Z\n`);
    await expect(acquireDirLock(dir)).rejects.toMatchObject({
      message: `another Firebreak process (pid 1 on host container-a) has the embedded store at ${dir} open`,
    });
  });
});
