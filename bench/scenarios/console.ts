// Bench: the web console with a year of history — `/` (the incident list, open first) and `/stats`
// (90 days by week, and the share meeting the response targets) with 10,000 incidents in PostgreSQL.
// A real Firebreak server in its own process (local mode: the console is open to loopback),
// autocannon in this one. Target: p99 ≤ 200 ms.
// The server keeps each stats answer 30 s, so /stats under load is mostly the page render; the
// stats queries' own cost (weekly figures, targets met), uncached, is measured on its own first.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sqlTargets } from '../../src/reports/metrics.js';
import { openPostgres } from '../../src/store/transports/postgres.js';
import { fillConsoleHistory } from '../../test/support/store/console-history.js';
import { freePort } from '../../test/support/http.js';
import { freshStoreEnv, percentile, report } from '../support.js';

const kind = (process.argv[2] ?? 'postgres') as 'postgres';
const incidents = Number(process.argv[3] ?? 10_000);
const SECONDS = Number(process.env.BENCH_CONSOLE_SECONDS ?? 10);
const CONNECTIONS = 4;
const cli = fileURLToPath(new URL('../../src/cli/index.js', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'fb-bench-console-'));
writeFileSync(join(dir, 'firebreak.yaml'), 'routing:\n  defaults: { declare: sev2 }\ntargets:\n  sev1: { detect: 2m, acknowledge: 5m, resolve: 15m }\n  sev2: { acknowledge: 10m, resolve: 1h }\n');
const TARGETS = JSON.stringify(sqlTargets({ sev1: { detectMs: 120_000, acknowledgeMs: 300_000, resolveMs: 900_000 }, sev2: { acknowledgeMs: 600_000, resolveMs: 3_600_000 } }));
const store = await freshStoreEnv(kind);
const port = await freePort();
const proc = spawn(process.execPath, [cli, 'start'], {
  env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'warn', FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'), ...store.env },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The server has migrated the database; the history goes in beside it, then the planner's statistics.
  const seed = openPostgres(store.env.DATABASE_URL!);
  const t = performance.now();
  await fillConsoleHistory(seed, { incidents });
  await seed.exec('analyze');
  const seeded = Math.round(performance.now() - t);
  const page = await (await fetch(`${base}/`)).text();
  const shown = /Incidents 1–50 of ([\d,]*\d)/.exec(page)?.[1];
  const targetsShown = (await (await fetch(`${base}/stats`)).text()).includes('<table id="targets"');
  // The stats query itself, uncached (the server keeps each answer 30 s), one call at a time.
  const queries = {
    'console stats query (uncached)': (days: number) => `select fb_console_stats(now() - interval '${days} days', now())`,
    'console targets query (uncached)': (days: number) => `select fb_response_targets(now() - interval '${days} days', now(), null, '${TARGETS}'::jsonb)`,
  };
  for (const [bench, sql] of Object.entries(queries)) {
    for (const days of [90, 365]) {
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        await seed.query(sql(days));
        if (i >= 5) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      report({ bench, store: kind, incidents, days, p50_ms: +percentile(times, 50).toFixed(1), p99_ms: +percentile(times, 99).toFixed(1) });
    }
  }
  await seed.close();

  for (const path of ['/', '/?status=any', '/?status=any&severity=sev1&service=svc-3&page=3', '/stats', '/stats?range=365d']) {
    await autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: 2 }); // warm-up: JIT, pool, caches
    const r = await autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: SECONDS });
    report({
      bench: 'console', store: kind, incidents, path, connections: CONNECTIONS, rps: Math.round(r.requests.average),
      p50_ms: r.latency.p50, p99_ms: r.latency.p99, max_ms: r.latency.max, non_2xx: r.non2xx, errors: r.errors,
      ...(path === '/' && { open_shown: shown ?? 'none', seed_ms: seeded }),
      ...(path === '/stats' && { targets_table: targetsShown }),
    });
  }
} finally {
  if (proc.exitCode === null) {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
  await store.cleanup();
}
process.exit(0);
