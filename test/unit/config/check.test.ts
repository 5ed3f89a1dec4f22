// Tests: `firebreak check` — exit codes and one line per problem, never a stack trace or a secret
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/cli/check.js';

async function check(args: string[], env: Record<string, string | undefined> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCheck(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) }, env);
  return { code, stdout, stderr };
}

describe('runCheck', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-check-'));
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'escalation:\n  policies:\n    sre:\n      levels: [{ targets: [U0AAA], timeout: 5m }]\n    db:\n      levels: [{ targets: [U0BBB], timeout: 1h }]\n');
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'runner:\n  scheduler:\n    pol_interval: 1s\n  shutdown_timeout: soon\n');

  it('exits 0 with a one-line summary when the file and environment are valid', async () => {
    expect(await check([good])).toEqual({ code: 0, stdout: [`ok: ${good} (2 escalation policies, environment valid)`], stderr: [] });
  });

  it('checks FIREBREAK_CONFIG when no file is given', async () => {
    const result = await check([], { FIREBREAK_CONFIG: good });
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual([`ok: ${good} (2 escalation policies, environment valid)`]);
  });

  it('accepts an absent default file: the built-in defaults apply', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await check([])).toEqual({
        code: 0,
        stdout: ['ok: no file at ./firebreak.yaml, built-in defaults (0 escalation policies, environment valid)'],
        stderr: [],
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 2 listing every problem in the file and the environment, one line each', async () => {
    const result = await check([bad], { PORT: 'abc', SUPABASE_URL: 'https://x.supabase.co', DATABASE_URL: 'postgres://u:hunter2@db/x' });
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        'runner.scheduler.pol_interval (line 3): unknown key',
        'runner.shutdown_timeout (line 4): expected a duration like "5m"',
        'PORT: expected a port number 1-65535, got "abc"',
        'DATABASE_URL, SUPABASE_URL: both set; choose one store transport (postgres or supabase)',
      ],
    });
    expect(result.stderr.join('\n')).not.toContain('hunter2');
  });

  it('exits 2 when the named file does not exist', async () => {
    const missing = join(dir, 'missing.yaml');
    expect(await check([missing])).toEqual({ code: 2, stdout: [], stderr: [`firebreak check: no file at ${missing}`] });
    expect(await check([], { FIREBREAK_CONFIG: missing })).toEqual({
      code: 2,
      stdout: [],
      stderr: [`FIREBREAK_CONFIG: no file at ${missing}`],
    });
  });

  it('exits 2 with usage on unknown options or extra arguments, and 0 on --help', async () => {
    expect((await check(['--strict'])).code).toBe(2);
    expect((await check([good, good])).code).toBe(2);
    const help = await check(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout[0]).toMatch(/^usage: firebreak check/);
  });
});
