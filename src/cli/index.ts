// CLI entry: `firebreak <command>` (see commands.ts) — runs it and exits with its code. Problems are
// one readable line each, never a stack trace; a bad command line or bad configuration exits 2.
import { StoreError } from '../store/transport.js';
import { createRedactor } from '../observability/redact.js';
import { runCli } from './command-line.js';

const out = {
  stdout: (line: string) => process.stdout.write(`${line}\n`),
  stderr: (line: string) => process.stderr.write(`${line}\n`),
};

runCli(process.argv.slice(2), out, process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Known failures get their one line; anything else is a bug and says so, still without a trace.
    if (err instanceof StoreError) {
      out.stderr(`firebreak: ${err.message}`);
      process.exit(err.kind === 'schema' ? 2 : 1);
    }
    const message = err instanceof Error ? err.message : String(err);
    out.stderr(`firebreak: ${createRedactor([])(message)}`);
    process.exit(1);
  },
);
