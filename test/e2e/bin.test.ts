// E2E: the real bin/firebreak.js in a copy of the checkout — right after `npm ci` (no dist/: the
// sources run through tsx), after `npm run build` (dist/ runs, tsx not needed), and with sources
// newer than the build (never the stale dist/ while tsx is there).
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const BUILD_TIMEOUT = 240_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, file: string, args: string[]): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd };
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A checkout without dist/: bin, src (a copy, so it can be edited), package.json and the tsconfigs,
 * supabase/ for migrations, and node_modules as one link per package so tsx can be taken away.
 */
function checkout(): { root: string; firebreak: (...args: string[]) => Promise<Run>; setTsx(present: boolean): void } {
  const root = mkdtempSync(join(tmpdir(), 'fb-bin-'));
  for (const name of ['bin', 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(repo, name), join(root, name), { recursive: true });
  symlinkSync(join(repo, 'supabase'), join(root, 'supabase'));
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(repo, 'node_modules'))) {
    if (name !== 'tsx') symlinkSync(join(repo, 'node_modules', name), join(root, 'node_modules', name));
  }
  const tsx = join(root, 'node_modules', 'tsx');
  return {
    root,
    firebreak: (...args) => run(root, process.execPath, [join(root, 'bin/firebreak.js'), ...args]),
    setTsx(present) {
      if (present && !existsSync(tsx)) symlinkSync(join(repo, 'node_modules', 'tsx'), tsx);
      if (!present) rmSync(tsx, { force: true });
    },
  };
}

describe('bin/firebreak.js', () => {
  const co = checkout();
  afterAll(() => rmSync(co.root, { recursive: true, force: true }));

  describe('right after npm ci (no dist/)', () => {
    beforeAll(() => co.setTsx(true));

    it('runs the sources through tsx: --version, check, start --help', async () => {
      expect(await co.firebreak('--version')).toEqual({ code: 0, stdout: `firebreak ${version}\n`, stderr: '' });
      const check = await co.firebreak('check');
      expect(check).toMatchObject({ code: 0, stderr: '' });
      expect(check.stdout).toMatch(/^ok: no file at \.\/firebreak\.yaml, built-in defaults/);
      const help = await co.firebreak('start', '--help');
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout.split('\n')[0]).toBe('usage: firebreak start');
    });

    it('refuses an unknown flag with one line and the usage, exit 2, no stack trace', async () => {
      expect(await co.firebreak('check', '--stict')).toEqual({
        code: 2,
        stdout: '',
        stderr: 'firebreak check: unknown option --stict\nusage: firebreak check [--strict] [file]\n',
      });
    });

    it('says in one line what to do when there is neither dist/ nor tsx', async () => {
      co.setTsx(false);
      try {
        const result = await co.firebreak('--version');
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('firebreak: not built and tsx is not installed: run `npm ci` (with dev dependencies) or `npm run build`\n');
      } finally {
        co.setTsx(true);
      }
    });
  });

  describe('after npm run build', () => {
    beforeAll(async () => {
      const build = await run(co.root, 'npm', ['run', 'build', '--silent']);
      expect(build, 'npm run build in the copy').toMatchObject({ code: 0 });
    }, BUILD_TIMEOUT);

    it('runs dist/ without tsx: --version, start --help, refusals', async () => {
      co.setTsx(false);
      try {
        expect(await co.firebreak('--version')).toEqual({ code: 0, stdout: `firebreak ${version}\n`, stderr: '' });
        const help = await co.firebreak('start', '--help');
        expect(help).toMatchObject({ code: 0, stderr: '' });
        expect(help.stdout).toContain('SIGHUP re-reads firebreak.yaml');
        expect((await co.firebreak('start', 'now')).code).toBe(2);
      } finally {
        co.setTsx(true);
      }
    });

    it('runs the sources, not the stale dist/, once a source is newer than the build', async () => {
      appendFileSync(join(co.root, 'src/cli/commands.ts'), "\nfindCommand('schema')!.summary += ' (edited after the build)';\n");
      const fresh = await co.firebreak('--help');
      expect(fresh.code).toBe(0);
      expect(fresh.stdout).toContain('print the JSON Schema of firebreak.yaml (edited after the build)');

      co.setTsx(false);
      try {
        const stale = await co.firebreak('--help');
        expect(stale.code).toBe(0);
        expect(stale.stdout).not.toContain('(edited after the build)');
        expect(stale.stderr).toBe('firebreak: dist/ is older than src/ and tsx is not installed; running dist/ (npm run build to refresh it)\n');
      } finally {
        co.setTsx(true);
      }
    });
  });
});
