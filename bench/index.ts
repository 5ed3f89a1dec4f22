// Bench: runs each scenario in its own process (clean memory, no cross-talk) and prints a table.
// Figures, not pass/fail: targets are in the README next to the latest numbers.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ADMIN_URL } from './support.js';

const scenarios: Array<[string, string[]]> = [
  ['steps', ['embedded']],
  ['steps', ['postgres']],
  ['timers', ['postgres', '10000']],
  ['memory', ['postgres']],
  ['ingest', ['postgres']],
  ['ingest', ['embedded']],
  ['slack', ['postgres']],
  ['escalation', ['postgres', '10000']],
  ['metrics', ['postgres', '100000']],
  ['metrics', ['embedded', '100000']],
  ['console', ['postgres', '10000']],
  ['approvals', ['postgres', '1000']],
  ['diagnostics', ['postgres', '50']],
  ['efficiency', ['postgres', '30000']],
];

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const only = process.argv.slice(2);
const hasPostgres = await postgresReachable();
const figures: Record<string, unknown>[] = [];
for (const [name, args] of scenarios) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (args[0] === 'postgres' && !hasPostgres) {
    console.log(`${name} ${args.join(' ')}: skipped (no PostgreSQL at the bench URL)`);
    continue;
  }
  const script = fileURLToPath(new URL(`./scenarios/${name}.js`, import.meta.url));
  console.log(`running ${name} ${args.join(' ')} …`);
  const run = spawnSync(process.execPath, ['--expose-gc', script, ...args], { encoding: 'utf8', timeout: 120 * 60_000 });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('FIGURE ')) {
      const figure = JSON.parse(line.slice(7)) as Record<string, unknown>;
      figures.push(figure);
      console.log(`  ${Object.entries(figure).map(([k, v]) => `${k}=${String(v)}`).join('  ')}`);
    }
  }
  if (run.status !== 0) console.log(`  failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}
console.log(`\nnode ${process.version}, ${(await import('node:os')).cpus().length} cores`);
