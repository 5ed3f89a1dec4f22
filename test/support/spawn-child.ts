// Test support: spawns test/support/engine-child.ts under tsx and waits for its "ready" line.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const childScript = fileURLToPath(new URL('./engine-child.ts', import.meta.url));

/** tsx's loader by absolute URL: `--import tsx` would resolve from the child's working directory. */
export const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface Child {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

export function spawnEngineChild(env: Record<string, string>): Promise<Child> {
  return spawnChild(childScript, env);
}

/** Any script under tsx (e.g. approvals-child.ts), once it prints "ready". */
export async function spawnChild(script: string, env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', tsxLoader, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.includes('ready\n')) return resolve();
      if (proc.exitCode !== null || proc.signalCode !== null) return reject(new Error(`child exited before ready:\n${out}`));
      setTimeout(check, 20);
    };
    check();
  });
  return { process: proc, output: () => out, exited };
}

export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
  await child.exited;
}
