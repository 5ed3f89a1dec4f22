// CLI: `firebreak check [file]` — validate firebreak.yaml and the environment, every problem at once
import { configPathFrom, parseEnv } from '../config/env.js';
import { loadFileConfig } from '../config/file.js';

export interface CheckOutput {
  stdout(line: string): void;
  stderr(line: string): void;
}

const USAGE = 'usage: firebreak check [file]   (file defaults to $FIREBREAK_CONFIG, then ./firebreak.yaml)';

const policies = (n: number) => (n === 1 ? '1 escalation policy' : `${n} escalation policies`);

/**
 * Exit 0 with one `ok:` line on stdout when both the file and the environment are valid; exit 2
 * with one line per problem on stderr otherwise. Never prints a stack trace or a secret.
 */
export async function runCheck(args: string[], out: CheckOutput, env: Record<string, string | undefined>): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    out.stdout(USAGE);
    return 0;
  }
  const unknown = args.find((arg) => arg.startsWith('-'));
  if (unknown !== undefined || args.length > 1) {
    out.stderr(unknown === undefined ? 'firebreak check: expected at most one file' : `firebreak check: unknown option ${unknown}`);
    out.stderr(USAGE);
    return 2;
  }
  try {
    const named = args[0];
    const { path, explicit } = named === undefined ? configPathFrom(env) : { path: named, explicit: true };
    const file = loadFileConfig(path, { explicit, via: named === undefined ? 'FIREBREAK_CONFIG' : 'firebreak check' });
    const parsedEnv = parseEnv(env);
    const problems = [...(file.ok ? [] : file.errors), ...(parsedEnv.ok ? [] : parsedEnv.errors)];
    if (!file.ok || !parsedEnv.ok) {
      for (const line of problems) out.stderr(line);
      return 2;
    }
    const count = Object.keys(file.value.escalation.policies).length;
    const what = file.source === 'defaults' ? `no file at ${path}, built-in defaults` : path;
    out.stdout(`ok: ${what} (${policies(count)}, environment valid)`);
    return 0;
  } catch (error) {
    // A bug, not a config problem: still one line, so the operator is not handed a stack trace.
    out.stderr(`firebreak check: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
