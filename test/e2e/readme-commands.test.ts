// E2E: every command the README shows works after install — each `sh` block's `npx firebreak …` is
// run through the real bin (all but `start`, which is only parsed), each `npm run …` / `npm test` /
// `npm start` names a script, a command this test does not know fails it, and .ci/run runs the
// README's test command verbatim. Inline `firebreak <command>` and `npm run <script>` must exist too.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/command-line.js';
import { findCommand } from '../../src/cli/commands.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

/** Each command in the README's `sh` blocks: lines without their comments, split on `&&`. */
function shCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  return blocks.flatMap((block) =>
    block
      .split('\n')
      .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
      .flatMap((line) => line.split('&&').map((part) => part.trim()))
      .filter((command) => command !== ''),
  );
}

/** Inline code naming a script or a firebreak command: `npm run bench`, `firebreak check`. */
function inlineMentions(markdown: string): { scripts: string[]; commands: string[] } {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return {
    scripts: [...prose.matchAll(/`npm run ([\w:-]+)[^`]*`/g)].map((m) => m[1]!),
    commands: [...prose.matchAll(/`(?:npx )?firebreak ([\w-]+)[^`]*`/g)].map((m) => m[1]!),
  };
}

type Planned =
  | { kind: 'script'; script: string }
  | { kind: 'firebreak'; args: string[]; run: boolean }
  | { kind: 'npm-install' }
  | { kind: 'unknown'; why: string };

function plan(command: string): Planned {
  if (/[|;<>$`'"\\]/.test(command)) return { kind: 'unknown', why: 'shell syntax this test does not run; keep README commands plain' };
  const [tool, ...args] = command.split(/\s+/);
  if (tool === 'npm' && args.length === 1 && args[0] === 'ci') return { kind: 'npm-install' };
  if (tool === 'npm' && args.length === 1 && (args[0] === 'test' || args[0] === 'start')) return { kind: 'script', script: args[0] };
  if (tool === 'npm' && args[0] === 'run' && args.length === 2) return { kind: 'script', script: args[1]! };
  if (tool === 'npx' && args[0] === 'firebreak') {
    const line = parseCommandLine(args.slice(1));
    if (line.kind === 'error') return { kind: 'unknown', why: line.lines[0]! };
    // `start` serves until stopped: test/e2e/start.test.ts runs it; here it only has to parse.
    return { kind: 'firebreak', args: args.slice(1), run: !(line.kind === 'run' && line.command.name === 'start') };
  }
  return { kind: 'unknown', why: 'not an npm script, npm ci or npx firebreak' };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, npm_config_update_notifier: 'false', ...extraEnv };
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}

const commands = shCommands(readme);
const planned = commands.map((command) => ({ command, plan: plan(command) }));

describe('README', () => {
  it('shows commands in sh blocks, and each is one this test can check', () => {
    expect(commands.length).toBeGreaterThan(5);
    expect(planned.filter((p) => p.plan.kind === 'unknown').map((p) => `${p.command}: ${(p.plan as { why: string }).why}`)).toEqual([]);
  });

  it('names only scripts that package.json has (sh blocks and inline `npm run …`)', () => {
    const named = [...planned.flatMap((p) => (p.plan.kind === 'script' ? [p.plan.script] : [])), ...inlineMentions(readme).scripts];
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((script) => pkg.scripts[script] === undefined)).toEqual([]);
  });

  it('names only firebreak commands that exist in inline code (`firebreak check`, `firebreak drill …`)', () => {
    const named = inlineMentions(readme).commands;
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => findCommand(name) === undefined && name !== 'help')).toEqual([]);
  });

  it('is what .ci/run runs: the quick start test command, verbatim', () => {
    const testCommand = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)]
      .flatMap((m) => m[1]!.split('\n'))
      .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
      .find((line) => /\bnpm test\b/.test(line));
    expect(testCommand).toBeDefined();
    const ci = readFileSync(join(repo, '.ci/run'), 'utf8').split('\n').map((line) => line.trim());
    expect(ci).toContain(testCommand);
  });

  it('`npx firebreak` in the checkout resolves to this package’s bin', async () => {
    const result = await run('npx', ['--no-install', 'firebreak', '--version'], repo);
    expect(result).toMatchObject({ code: 0, stdout: `firebreak ${pkg.version}\n` });
  }, 60_000);
});

describe('README firebreak commands, run through bin/firebreak.js', () => {
  // A clean working directory (no stray firebreak.yaml), the examples where the README says they
  // are, and a fresh data directory so `migrate` builds a store from nothing.
  const cwd = mkdtempSync(join(tmpdir(), 'fb-readme-'));
  symlinkSync(join(repo, 'examples'), join(cwd, 'examples'));
  const dataDir = join(cwd, 'data');
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const runnable = planned.flatMap((p) => (p.plan.kind === 'firebreak' && p.plan.run ? [{ command: p.command, args: p.plan.args }] : []));

  it('includes check, drill, migrate, schema, --help and --version', () => {
    const shown = new Set(runnable.map((r) => r.args[0]));
    for (const expected of ['check', 'drill', 'migrate', 'schema', '--help', '--version']) expect(shown).toContain(expected);
  });

  it.each(runnable)('$command exits 0', async ({ args }) => {
    const result = await run(process.execPath, [join(repo, 'bin/firebreak.js'), ...args], cwd, { FIREBREAK_DATA_DIR: dataDir });
    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    expect(result.stdout).not.toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);
});
