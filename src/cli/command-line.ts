// CLI: argv → what to do (run a command, print help or the version, or refuse with one line and the
// usage), with node:util's parseArgs; then runCli does it. Pure parsing, so it is tested in-process.
import { parseArgs } from 'node:util';
import { COMMANDS, findCommand, type CliEnv, type CliOutput, type CommandSpec, type OptionSpec, type ParsedArgs } from './commands.js';
import { packageVersion } from './version.js';

export type CommandLine =
  | { kind: 'run'; command: CommandSpec; args: ParsedArgs }
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  /** Exit 2: `lines` go to stderr (the problem, then the usage). */
  | { kind: 'error'; lines: string[] };

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'this help' };

export function usageLine(command: CommandSpec): string {
  return `usage: firebreak ${command.name}${command.synopsis === '' ? '' : ` ${command.synopsis}`}`;
}

/** `firebreak --help`: every command with its one-line summary. */
export function overview(): string {
  const rows: Array<[string, string]> = [
    ...COMMANDS.map((c): [string, string] => [`${c.name}${c.synopsis === '' ? '' : ` ${c.synopsis}`}`, c.summary]),
    ['help [command]', 'this text, or one command’s help (also: firebreak <command> --help)'],
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    'usage: firebreak <command> [options] [arguments]',
    '',
    'commands:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
    '',
    'options:',
    '  -h, --help     help (before a command: this text)',
    '  --version      print the version and exit',
  ].join('\n');
}

/** `firebreak <command> --help`: usage, what it does, its options. */
export function commandHelp(command: CommandSpec): string {
  const options = Object.entries({ ...command.options, help: HELP_OPTION }).map(([name, spec]) => {
    const flags = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${spec.type === 'string' ? ' <value>' : ''}`;
    return [flags, spec.description] as const;
  });
  const width = Math.max(...options.map(([flags]) => flags.length)) + 2;
  return [usageLine(command), '', command.help, '', 'options:', ...options.map(([flags, text]) => `  ${flags.padEnd(width)}${text}`)].join('\n');
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'error', lines: ['firebreak: no command given', overview()] };
  if (first === '--help' || first === '-h') return { kind: 'help', text: overview() };
  if (first === '--version') return rest.length === 0 ? { kind: 'version' } : { kind: 'error', lines: ['firebreak: --version takes no arguments', overview()] };
  if (first === 'help') return helpFor(rest);
  if (first.startsWith('-')) return { kind: 'error', lines: [`firebreak: unknown option ${first}`, overview()] };
  const command = findCommand(first);
  if (command === undefined) return { kind: 'error', lines: [`firebreak: unknown command "${first}"`, overview()] };
  return parseCommandArgs(command, rest);
}

function helpFor(args: string[]): CommandLine {
  if (args.length === 0) return { kind: 'help', text: overview() };
  const command = args.length === 1 ? findCommand(args[0]!) : undefined;
  if (command === undefined) {
    const what = args.length === 1 ? `unknown command "${args[0]}"` : 'help takes at most one command';
    return { kind: 'error', lines: [`firebreak help: ${what}`, overview()] };
  }
  return { kind: 'help', text: commandHelp(command) };
}

function parseCommandArgs(command: CommandSpec, args: string[]): CommandLine {
  const options: Record<string, OptionSpec> = { ...command.options, help: HELP_OPTION };
  // strict: false and the tokens let each refusal be worded here, one short line, instead of
  // parseArgs's multi-sentence TypeErrors.
  const parsed = parseArgs({
    args,
    options: Object.fromEntries(Object.entries(options).map(([name, o]) => [name, o.short === undefined ? { type: o.type } : { type: o.type, short: o.short }])),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const refuse = (problem: string): CommandLine => ({ kind: 'error', lines: [`firebreak ${command.name}: ${problem}`, usageLine(command)] });
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (spec === undefined) return refuse(`unknown option ${token.rawName}`);
    if (spec.type === 'boolean' && token.value !== undefined) return refuse(`option ${token.rawName} takes no value`);
    if (spec.type === 'string' && token.value === undefined) return refuse(`option ${token.rawName} needs a value`);
  }
  if (parsed.values.help === true) return { kind: 'help', text: commandHelp(command) };
  const { min, max } = command.positionals;
  const count = parsed.positionals.length;
  if (count > max) return refuse(max === 0 ? `takes no arguments (got "${parsed.positionals[0]}")` : `expected at most ${max} argument${max === 1 ? '' : 's'}, got ${count}`);
  if (count < min) return refuse(`expected ${min} argument${min === 1 ? '' : 's'}, got ${count}`);
  const { help: _help, ...values } = parsed.values;
  return { kind: 'run', command, args: { values, positionals: parsed.positionals } };
}

/** Parses and does it: the exit code (2 for a refused command line). */
export async function runCli(argv: readonly string[], out: CliOutput, env: CliEnv): Promise<number> {
  const line = parseCommandLine(argv);
  switch (line.kind) {
    case 'help':
      out.stdout(line.text);
      return 0;
    case 'version':
      out.stdout(`firebreak ${packageVersion()}`);
      return 0;
    case 'error':
      for (const text of line.lines) out.stderr(text);
      return 2;
    case 'run':
      return line.command.run(line.args, out, env);
  }
}
