// CLI: the command table — each command's synopsis, help, options and runner in one place; the
// parser, `firebreak --help` and the README check all read it. Runners load their modules lazily,
// so `--help` and `--version` never open a store or start a server.

/** Where a command writes: one line per call (the newline is added). */
export interface CliOutput {
  stdout(line: string): void;
  stderr(line: string): void;
}

export type CliEnv = Record<string, string | undefined>;

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  description: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CommandSpec {
  name: string;
  /** What follows the name in a usage line: `[--strict] [file]`. */
  synopsis: string;
  /** One line for `firebreak --help`. */
  summary: string;
  /** The paragraph `firebreak <command> --help` prints after the usage line. */
  help: string;
  options: Record<string, OptionSpec>;
  positionals: { min: number; max: number };
  run(args: ParsedArgs, out: CliOutput, env: CliEnv): Promise<number>;
}

const start: CommandSpec = {
  name: 'start',
  synopsis: '',
  summary: 'run the server (webhooks, Slack, escalation) on the configured store',
  help: [
    'Serves on $PORT (default 3000) with the store the environment selects: DATABASE_URL (PostgreSQL),',
    'SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY, or the embedded store under $FIREBREAK_DATA_DIR (./data).',
    'Pending migrations are applied first. SIGHUP re-reads firebreak.yaml (checked first; running',
    'escalations keep their policy). SIGTERM turns /readyz 503 and keeps serving for runner.shutdown_drain,',
    'then stops after finishing what is in hand; SIGINT stops without the drain; a second signal exits at',
    'once. Configuration problems: one line each, exit 2, nothing started.',
  ].join('\n'),
  options: {},
  positionals: { min: 0, max: 0 },
  run: async (_args, out, env) => (await import('./start.js')).runStart(out, env),
};

const migrate: CommandSpec = {
  name: 'migrate',
  synopsis: '',
  summary: 'apply supabase/migrations to the configured store and exit',
  help: [
    'Applies supabase/migrations to the store the environment selects (as `start` would), then exits 0.',
    'A store whose schema is newer than this code is refused with exit 2. With SUPABASE_URL, apply the',
    'migrations with `supabase db push` instead: this only checks the schema is current.',
  ].join('\n'),
  options: {},
  positionals: { min: 0, max: 0 },
  run: async (_args, out, env) => (await import('./start.js')).runMigrate(out, env),
};

const check: CommandSpec = {
  name: 'check',
  synopsis: '[--strict] [file]',
  summary: 'validate firebreak.yaml and the environment; warn about levels that page nobody',
  help: [
    'Validates the file (default: $FIREBREAK_CONFIG, then ./firebreak.yaml; built-in defaults when absent)',
    'and the environment: one line per problem, exit 2. Then warns, one line each, about waits of 0,',
    'levels nobody can be paged at with this environment, unused policies, duplicate targets and — with',
    'SLACK_BOT_TOKEN — Slack users, emails and groups that do not resolve. Exit 0, or 1 with --strict.',
  ].join('\n'),
  options: { strict: { type: 'boolean', description: 'warnings exit 1 (for CI)' } },
  positionals: { min: 0, max: 1 },
  run: async ({ values, positionals }, out, env) =>
    (await import('./check.js')).runCheck({ strict: values.strict === true, file: positionals[0] }, out, env),
};

const drill: CommandSpec = {
  name: 'drill',
  synopsis: '[--verbose] <scenario.yaml>',
  summary: 'rehearse a scenario on a virtual clock, paging no one; exit 1 when an expectation fails',
  help: [
    'Runs the scenario through the real incident machine, runner, store and effect handlers on a',
    'throwaway embedded store whose clock is virtual; Slack, PagerDuty and webhooks are recording fakes.',
    'Prints the timeline and each expectation. Exit 0 when all hold, 1 when one fails, 2 for an invalid',
    'scenario or config. Examples: examples/drills/.',
  ].join('\n'),
  options: { verbose: { type: 'boolean', short: 'v', description: 'also show topic, invite, pin and summary edits' } },
  positionals: { min: 1, max: 1 },
  run: async ({ values, positionals }, out) =>
    (await import('./drill.js')).runDrillCommand({ file: positionals[0]!, verbose: values.verbose === true }, out),
};

const schema: CommandSpec = {
  name: 'schema',
  synopsis: '',
  summary: 'print the JSON Schema of firebreak.yaml',
  help: 'Prints the JSON Schema of firebreak.yaml as written (durations as strings), the text of firebreak.schema.json.',
  options: {},
  positionals: { min: 0, max: 0 },
  run: async (_args, out) => {
    const { renderConfigJsonSchema } = await import('./schema.js');
    out.stdout(renderConfigJsonSchema().trimEnd());
    return 0;
  },
};

const exportCommand: CommandSpec = {
  name: 'export',
  synopsis: 'incident <number>',
  summary: 'print everything stored about one incident as JSON (recorded in the audit log)',
  help: [
    'Prints the incident, its workflow, alerts (with payloads), timeline, effects, timers, detection',
    'firings and audit records as one JSON document on stdout, for a data-subject request or an archive.',
    'Opens the configured store (the embedded one only while no server holds it). Exit 1: no such incident.',
  ].join('\n'),
  options: {},
  positionals: { min: 2, max: 2 },
  run: async ({ positionals }, out, env) => (await import('./governance.js')).runExport(positionals[0]!, positionals[1]!, out, env),
};

const erase: CommandSpec = {
  name: 'erase',
  synopsis: '--yes <identifier>',
  summary: "replace a person's identifier (email, Slack id, name) with a pseudonym across incidents",
  help: [
    'Rewrites every occurrence of the identifier in incidents, alerts (titles, tags, payloads), the',
    'timeline, workflow snapshots, effects and security events with a stable pseudonym (erased-<digest>).',
    'The audit log is the legal record and is not rewritten; the erasure is recorded there with the',
    'pseudonym only. Cannot be undone: --yes is required.',
  ].join('\n'),
  options: { yes: { type: 'boolean', description: 'confirm the erasure' } },
  positionals: { min: 1, max: 1 },
  run: async ({ values, positionals }, out, env) => (await import('./governance.js')).runErase(positionals[0]!, values.yes === true, out, env),
};

const audit: CommandSpec = {
  name: 'audit',
  synopsis: 'export [--since <when>] [--until <when>]',
  summary: 'write the audit log (who did what, from where, how it ended) as JSON lines',
  help: [
    'Writes every audit-log entry with since <= at < until to stdout, one JSON object per line, oldest',
    'first: id, at, actor, team, via, action, subject, params, outcome. <when> is an ISO 8601 time',
    '(2026-12-01T09:00:00Z) or a duration ago (24h, 7d). Reads the store the environment selects.',
  ].join('\n'),
  options: {
    since: { type: 'string', description: 'only entries at or after this time' },
    until: { type: 'string', description: 'only entries before this time' },
  },
  positionals: { min: 1, max: 1 },
  run: async ({ values, positionals }, out, env) => {
    if (positionals[0] !== 'export') {
      out.stderr(`firebreak audit: unknown subcommand "${positionals[0]}" (try: firebreak audit export)`);
      return 2;
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const { runAuditExport } = await import('./audit.js');
    return runAuditExport({ ...(str(values.since) && { since: str(values.since)! }), ...(str(values.until) && { until: str(values.until)! }) }, out, env);
  },
};

/** Every command, in the order `firebreak --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [start, migrate, check, drill, schema, audit, exportCommand, erase];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
