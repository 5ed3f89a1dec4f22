import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyTemplateDataDir } from '../support/store/embedded.js';
import { tsxLoader } from '../support/spawn-child.js';

const cli = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The environment of a machine with nothing configured: no Firebreak or vendor variables at all. */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'NODE_OPTIONS', 'TMPDIR'];
  return { ...Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const proc = spawn(process.execPath, ['--import', tsxLoader, cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  proc.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, out, exited };
}

describe('firebreak start', () => {
  it('serves /healthz and /readyz with no configuration at all, says once which integrations are off, and stops on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fb-start-'));
    const dataDir = await copyTemplateDataDir();
    const port = await freePort();
    const { proc, out, exited } = run(['start'], cwd, bareEnv({ PORT: String(port), FIREBREAK_DATA_DIR: dataDir }));
    try {
      const deadline = Date.now() + 30_000;
      while (!out.stdout.includes('firebreak listening') && Date.now() < deadline) {
        if (proc.exitCode !== null) throw new Error(`exited early: ${out.stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(health.status).toBe(200);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', store: 'embedded' });
      const notices = out.stdout.split('\n').filter((l) => l.includes('integrations off'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain('slack (local mode');
      expect(out.stdout).toContain('"metrics":"closed (METRICS_TOKEN, METRICS_PORT unset)"');
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out.stdout).toContain('firebreak stopped');
    expect(existsSync(join(dataDir, 'firebreak.lock'))).toBe(false);
  }, 60_000);

  it('refuses a bad firebreak.yaml with exit 2 and one readable line per problem, no stack trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fb-bad-'));
    writeFileSync(join(cwd, 'firebreak.yaml'), 'runner:\n  scheduler:\n    poll_interval: soon\n  dispatcher:\n    concurency: 4\n');
    const { out, exited } = run(['start'], cwd, bareEnv({ PORT: 'not-a-port' }));
    expect(await exited).toBe(2);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toEqual([
      'PORT: expected a port number 1-65535, got "not-a-port"',
      'runner.scheduler.poll_interval (line 3): expected a duration like "5m"',
      'runner.dispatcher.concurency (line 5): unknown key',
      'firebreak: 3 configuration problem(s); nothing started',
    ]);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('firebreak migrate', () => {
  it('brings the embedded store to the latest schema and says so', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fb-migrate-'));
    const dataDir = await copyTemplateDataDir();
    const { out, exited } = run(['migrate'], cwd, bareEnv({ FIREBREAK_DATA_DIR: dataDir }));
    expect(await exited).toBe(0);
    expect(out.stdout).toContain('embedded store is at the latest schema');
  }, 30_000);
});
