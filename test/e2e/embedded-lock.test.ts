// E2E: two `firebreak start` processes on one embedded data dir — the second is refused in one line;
// once the first is killed outright (an OOM kill, `docker kill`), a new one starts at once.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startFirebreakProcess, stopFirebreakProcess, type FirebreakProcess } from '../support/firebreak-process.js';
import { freePort } from '../support/http.js';
import { tsxLoader } from '../support/spawn-child.js';
import { copyTemplateDataDir } from '../support/store/embedded.js';

const cli = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const started: FirebreakProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map(stopFirebreakProcess));
});

/** `firebreak start` that is expected to give up: its exit code and what it wrote to stderr. */
async function startExpectingRefusal(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const keep = ['PATH', 'HOME', 'TMPDIR'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!]);
  const proc = spawn(process.execPath, ['--import', tsxLoader, cli, 'start'], {
    env: { ...Object.fromEntries(keep), LOG_LEVEL: 'warn', PORT: String(await freePort()), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  return { code, stderr };
}

describe('firebreak start on an embedded data dir another process has', () => {
  it('refuses a second live process in one line, and starts at once after the holder is killed with SIGKILL', async () => {
    const dataDir = await copyTemplateDataDir();
    const env = { FIREBREAK_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const first = await startFirebreakProcess(env);
    started.push(first);

    const second = await startExpectingRefusal(env);
    expect(second.code).toBe(1);
    expect(second.stderr.trimEnd().split('\n')).toEqual([
      `firebreak: another Firebreak process (pid ${first.process.pid}) has the embedded store at ${dataDir} open`,
    ]);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200); // the refusal touched nothing of the first

    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(existsSync(join(dataDir, 'firebreak.lock'))).toBe(true); // left behind, naming a pid: not a lock any more

    const third = await startFirebreakProcess(env);
    started.push(third);
    expect((await fetch(`${third.url}/readyz`)).status).toBe(200);
  }, 120_000);
});
