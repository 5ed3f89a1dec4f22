// E2E: the README's quick start ends with "open http://localhost:3000 and send this curl to see your
// first incident". This runs exactly that curl (from the README, only the port changed) against
// `firebreak start` on a fresh data dir with nothing configured, then reads the console at / as
// the browser would — and checks the same curl from a non-local address is refused.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/http.js';
import { copyTemplateDataDir } from '../support/store/embedded.js';
import { tsxLoader } from '../support/spawn-child.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const cli = join(repo, 'src/cli/index.ts');

/** The shell block right after the sentence that promises it. */
function firstIncidentCurl(): string {
  const at = readme.indexOf('open http://localhost:3000 and send this curl to see your first incident');
  expect(at, 'the README says where to look and what to send').toBeGreaterThan(0);
  const block = /```shell\n([\s\S]*?)```/.exec(readme.slice(at))?.[1]?.trim() ?? '';
  expect(block).toMatch(/^curl .*http:\/\/localhost:3000\/webhooks\/generic/);
  return block;
}

function sh(command: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { timeout: 30_000 }, (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }));
  });
}

describe('README quick start: the first incident', () => {
  it('the curl, sent to a fresh `firebreak start` with nothing configured, shows incident #1 on the console', async () => {
    const curl = firstIncidentCurl();
    const port = await freePort();
    const keep = ['PATH', 'HOME', 'NODE_OPTIONS', 'TMPDIR'];
    const env = { ...Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), PORT: String(port), FIREBREAK_DATA_DIR: await copyTemplateDataDir() };
    const proc = spawn(process.execPath, ['--import', tsxLoader, cli, 'start'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!stdout.includes('firebreak listening') && Date.now() < deadline) {
        if (proc.exitCode !== null) throw new Error('firebreak start exited early');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(stdout).toContain('local mode: open http://localhost:');
      const sent = await sh(`${curl.replace('localhost:3000', `127.0.0.1:${port}`)} -s -w '\\n%{http_code}'`);
      expect(sent.code).toBe(0);
      expect(sent.stdout.trim().split('\n').at(-1)).toBe('202');
      expect(JSON.parse(sent.stdout.trim().split('\n')[0]!)).toMatchObject({ declared: [1] });

      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toContain('<a href="/incidents/1">Checkout is slow</a>');
      const incident = await fetch(`http://127.0.0.1:${port}/incidents/1`);
      expect(incident.status).toBe(200);
      expect(await incident.text()).toContain('Incident #1 declared: Checkout is slow (sev2)');

      // Anyone not on this machine (here: through a proxy on it, which forwards for someone else) gets the unconfigured 404.
      const proxied = await sh(`${curl.replace('localhost:3000', `127.0.0.1:${port}`)} -H 'X-Forwarded-For: 203.0.113.7' -s -o /dev/null -w '%{http_code}'`);
      expect(proxied.stdout).toBe('404');
      expect((await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(403);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  });
});
