// Test support: `firebreak start` as a real child process (src/cli/index.ts under tsx), for tests
// that kill a server mid-flight or run several replicas against one store.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxLoader } from './spawn-child.js';
import { freePort } from './http.js';

const cli = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

export interface FirebreakProcess {
  readonly process: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Everything it wrote to stdout and stderr so far (pino JSON lines). */
  output(): string;
  /** Resolves with the exit code, or the signal name that ended it. */
  readonly exited: Promise<number | string>;
}


/** A working directory holding `firebreak.yaml`; pass its path as FIREBREAK_CONFIG. */
export function writeConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-proc-'));
  const path = join(dir, 'firebreak.yaml');
  writeFileSync(path, yaml);
  return path;
}

/**
 * Starts `firebreak start` with only `env` (plus PATH, HOME, TMPDIR) and resolves once it is ready;
 * rejects with its output if it exits or is not up within `timeoutMs`.
 */
export async function startFirebreakProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<FirebreakProcess> {
  const port = await freePort();
  const keep = ['PATH', 'HOME', 'TMPDIR'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!]);
  const proc = spawn(process.execPath, ['--import', tsxLoader, cli, 'start'], {
    env: { ...Object.fromEntries(keep), LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  // Ready when /readyz answers 200 (the engine is started by then), whatever LOG_LEVEL says.
  while (!(await isReady(url))) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`firebreak exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`firebreak not ready after ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { process: proc, port, url, output: () => out, exited };
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

/** SIGTERM (a clean stop: leases handed back) and wait for the exit. */
export async function stopFirebreakProcess(p: FirebreakProcess): Promise<void> {
  if (p.process.exitCode === null && p.process.signalCode === null) p.process.kill('SIGTERM');
  await p.exited;
}
