// Tests: the firebreak command line in-process — help per command, --version, and one line plus the
// usage (exit 2) for anything it does not know; `start --help` never reaches the server.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandHelp, overview, parseCommandLine, runCli, usageLine } from '../../../src/cli/command-line.js';
import { COMMANDS, findCommand, type CommandSpec } from '../../../src/cli/commands.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

async function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) }, {});
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const command = (name: string): CommandSpec => findCommand(name)!;

describe('firebreak --version', () => {
  it('prints package.json’s version and exits 0', async () => {
    expect(await cli('--version')).toEqual({ code: 0, stdout: `firebreak ${pkg.version}`, stderr: '' });
  });

  it('refuses arguments after it', async () => {
    const result = await cli('--version', 'check');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('firebreak: --version takes no arguments');
  });
});

describe('help', () => {
  it('lists every command with its synopsis in `firebreak --help`, `-h` and `firebreak help`', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const result = await cli(...argv);
      expect(result).toEqual({ code: 0, stdout: overview(), stderr: '' });
    }
    for (const c of COMMANDS) expect(overview()).toContain(`  ${c.name} ${c.synopsis}`.trimEnd());
  });

  it('gives each command its own help with `<command> --help`, `-h` and `help <command>`, the same text', async () => {
    for (const c of COMMANDS) {
      const text = commandHelp(c);
      expect(text.split('\n')[0]).toBe(usageLine(c));
      expect(text).toContain('--help');
      for (const argv of [[c.name, '--help'], [c.name, '-h'], ['help', c.name]]) {
        expect(await cli(...argv)).toEqual({ code: 0, stdout: text, stderr: '' });
      }
    }
  });

  it('describes every option a command takes in its help', () => {
    expect(commandHelp(command('check'))).toMatch(/--strict +warnings exit 1/);
    expect(commandHelp(command('drill'))).toMatch(/-v, --verbose +also show/);
  });

  it('treats `start --help` as help: nothing is run', () => {
    // Parsed to help: runCli prints it and returns without calling the command's runner.
    expect(parseCommandLine(['start', '--help'])).toEqual({ kind: 'help', text: commandHelp(command('start')) });
    expect(parseCommandLine(['start', '-h'])).toEqual({ kind: 'help', text: commandHelp(command('start')) });
  });

  it('refuses help for a command that does not exist', async () => {
    const result = await cli('help', 'strat');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('firebreak help: unknown command "strat"');
  });
});

describe('refusals: one line, then the usage, exit 2', () => {
  const refusals: Array<[string[], string, string]> = [
    [['check', '--stict'], 'firebreak check: unknown option --stict', 'usage: firebreak check [--strict] [file]'],
    [['check', '--strict=yes'], 'firebreak check: option --strict takes no value', 'usage: firebreak check [--strict] [file]'],
    [['check', 'a.yaml', 'b.yaml'], 'firebreak check: expected at most 1 argument, got 2', 'usage: firebreak check [--strict] [file]'],
    [['start', '--port', '3000'], 'firebreak start: unknown option --port', 'usage: firebreak start'],
    [['start', 'now'], 'firebreak start: takes no arguments (got "now")', 'usage: firebreak start'],
    [['migrate', '-x'], 'firebreak migrate: unknown option -x', 'usage: firebreak migrate'],
    [['drill'], 'firebreak drill: expected 1 argument, got 0', 'usage: firebreak drill [--verbose] <scenario.yaml>'],
    [['drill', '--fast', 'x.yaml'], 'firebreak drill: unknown option --fast', 'usage: firebreak drill [--verbose] <scenario.yaml>'],
    [['schema', 'out.json'], 'firebreak schema: takes no arguments (got "out.json")', 'usage: firebreak schema'],
  ];

  it.each(refusals)('%j', async (argv, problem, usage) => {
    expect(await cli(...argv)).toEqual({ code: 2, stdout: '', stderr: `${problem}\n${usage}` });
  });

  it('names an unknown command or top-level option and shows the command list', async () => {
    expect(await cli('strat')).toEqual({ code: 2, stdout: '', stderr: `firebreak: unknown command "strat"\n${overview()}` });
    expect(await cli('--verbose')).toEqual({ code: 2, stdout: '', stderr: `firebreak: unknown option --verbose\n${overview()}` });
    expect(await cli()).toEqual({ code: 2, stdout: '', stderr: `firebreak: no command given\n${overview()}` });
  });
});

describe('parsing what a command gets', () => {
  it('hands check its flag and file in any order', () => {
    for (const argv of [['check', '--strict', 'f.yaml'], ['check', 'f.yaml', '--strict']]) {
      expect(parseCommandLine(argv)).toMatchObject({ kind: 'run', command: { name: 'check' }, args: { values: { strict: true }, positionals: ['f.yaml'] } });
    }
    expect(parseCommandLine(['check'])).toMatchObject({ kind: 'run', args: { values: {}, positionals: [] } });
  });

  it('reads -v as drill’s --verbose, and takes a file named like an option after --', () => {
    expect(parseCommandLine(['drill', '-v', 's.yaml'])).toMatchObject({ kind: 'run', args: { values: { verbose: true }, positionals: ['s.yaml'] } });
    expect(parseCommandLine(['drill', '--', '--odd.yaml'])).toMatchObject({ kind: 'run', args: { values: {}, positionals: ['--odd.yaml'] } });
  });

  it('runs the command: schema prints firebreak.schema.json as checked in', async () => {
    const checkedIn = readFileSync(new URL('../../../firebreak.schema.json', import.meta.url), 'utf8');
    const result = await cli('schema');
    expect(result.code).toBe(0);
    expect(`${result.stdout}\n`).toBe(checkedIn);
  });
});
