// Bench: escalation lateness. A real Firebreak server in its own process, its PagerDuty Events API at
// a loopback fake in this one. 10,000 incidents are declared through the webhook edge, each with a
// policy whose level 1 waits `timeout`, so all of them wait at level 1 at once and their level-2
// deadlines fall due spread over the time the declarations took. Lateness = the level-2 PagerDuty
// trigger reaching the fake minus its deadline (level 1's commit + timeout, the same now() the
// timer row was armed with). Also the level-2 commit minus deadline: the scheduler's share of it.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startFakePagerDuty } from '../../test/support/fake-pagerduty.js';
import { freshStoreEnv, inParallel, percentile, report } from '../support.js';
import { freePort } from '../../test/support/http.js';

const kind = process.argv[2] ?? 'postgres';
// The deadlines are read back over a pg connection: the figure is for PostgreSQL.
if (kind !== 'postgres') throw new Error(`escalation bench runs on postgres only, not ${kind}`);
const count = Number(process.argv[3] ?? 10_000);
// Level 1 waits long enough for 10,000 declarations and their channel work to settle first, so the
// figure is escalation under load, not the declaration backlog (reported beside it either way).
const timeoutSeconds = Number(process.argv[4] ?? 300);
/** runner.dispatcher.concurrency of the server: the shipped default unless a fifth argument says otherwise. */
const dispatcherConcurrency = Number(process.argv[5] ?? 64);
const TARGET_P99_MS = 1000;
const TOKEN = 'bench-token-0123456789';
const ROUTING_KEY = 'BENCHROUTINGKEY0123456789abcdefg';
const cli = fileURLToPath(new URL('../../src/cli/index.js', import.meta.url));


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (ms: number) => Math.round(ms);

const store = await freshStoreEnv(kind);
const pd = await startFakePagerDuty();
const dir = mkdtempSync(join(tmpdir(), 'fb-bench-escalation-'));
writeFileSync(
  join(dir, 'firebreak.yaml'),
  `runner:
  dispatcher: { concurrency: ${dispatcherConcurrency} }
routing:
  defaults: { declare: sev2, policy: bench }
# This bench declares 10,000 incidents from one source on purpose: no storm cap.
sources: { max_declarations_per_minute: false }
escalation:
  policies:
    bench:
      levels:
        - { targets: [pagerduty], timeout: ${timeoutSeconds}s }
        - { targets: [pagerduty], timeout: 1h }
`,
);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// Local mode (no Slack token): channel effects still run through the outbox, rendered to the log.
const server = spawn(process.execPath, [cli, 'start'], {
  env: {
    PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'warn', FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'), WEBHOOK_TOKEN: TOKEN,
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: pd.url, ...store.env,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const exited = new Promise((resolve) => server.on('exit', resolve));

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600 || server.exitCode !== null) throw new Error('server did not become ready');
    await sleep(100);
  }

  const declareStarted = Date.now();
  await inParallel(count, 16, async (i) => {
    const res = await fetch(`${base}/webhooks/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ key: `esc-${i}`, status: 'firing', title: `Service ${i} is down`, severity: 'sev2', service: `esc-svc-${i}` }),
    });
    if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  });
  const declareSeconds = (Date.now() - declareStarted) / 1000;

  const db = new pg.Client({ connectionString: store.env.DATABASE_URL });
  await db.connect();
  // The outbox backlog over time: did the declarations' own work (channels, summaries, level-1
  // pages) still queue ahead of the level-2 pages when those fell due?
  const backlog: Array<{ at: number; unfinished: number }> = [];
  const waitUntil = declareStarted + (timeoutSeconds + declareSeconds) * 1000 + 120_000;
  while (pd.triggers('level 2').length < count && Date.now() < waitUntil) {
    const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from outbox where status in ('pending', 'running')`);
    backlog.push({ at: Date.now(), unfinished: Number(rows[0]!.n) });
    await sleep(500);
  }
  await sleep(1000); // a duplicate would show up now
  // Each incident's escalation.paged entries in order: level 1's commit (the timer's now()), then level 2's.
  const paged = await db.query<{ workflow_id: string; at: Date[] }>(
    `select workflow_id, array_agg(at order by id) as at from timeline where kind = 'escalation.paged' group by workflow_id`,
  );
  await db.end();

  const level2 = new Map<string, number[]>();
  for (const e of pd.triggers('level 2')) level2.set(e.dedup_key, [...(level2.get(e.dedup_key) ?? []), e.at]);
  const level1 = new Map<string, number>();
  for (const e of pd.triggers('level 1')) if (!level1.has(e.dedup_key)) level1.set(e.dedup_key, e.at);
  const pageLateness: number[] = [];
  const commitLateness: number[] = [];
  const deadlines: number[] = [];
  // Level 1 during the storm: its page reaching PagerDuty minus the commit that declared it (and
  // planned the page), while 10,000 declarations' channel and summary work fill the outbox.
  const firstPage: number[] = [];
  for (const row of paged.rows) {
    const l1 = level1.get(row.workflow_id);
    if (l1 !== undefined) firstPage.push(l1 - row.at[0]!.getTime());
    const deadline = row.at[0]!.getTime() + timeoutSeconds * 1000;
    deadlines.push(deadline);
    if (row.at[1]) commitLateness.push(row.at[1].getTime() - deadline);
    const pagedAt = level2.get(row.workflow_id)?.[0];
    if (pagedAt !== undefined) pageLateness.push(pagedAt - deadline);
  }
  pageLateness.sort((a, b) => a - b);
  firstPage.sort((a, b) => a - b);
  commitLateness.sort((a, b) => a - b);
  deadlines.sort((a, b) => a - b);
  const p99 = percentile(pageLateness, 99);
  const settled = backlog.find((b) => b.unfinished === 0);
  const atFirstDeadline = backlog.find((b) => b.at >= (deadlines[0] ?? Infinity));
  report({
    bench: 'escalation lateness (level-2 page − deadline)', store: kind, incidents: count, dispatcher_concurrency: dispatcherConcurrency,
    declared_in_s: Math.round(declareSeconds * 10) / 10, level1_timeout_s: timeoutSeconds,
    deadlines_spread_s: Math.round(((deadlines.at(-1) ?? 0) - (deadlines[0] ?? 0)) / 100) / 10,
    // Every incident waited at level 1 at once when the last was declared before the first deadline.
    all_waiting_at_once: declareSeconds < timeoutSeconds,
    declarations_settled_in_s: settled ? Math.round((settled.at - declareStarted) / 1000) : null,
    outbox_backlog_at_first_deadline: atFirstDeadline?.unfinished ?? null,
    paged: pageLateness.length, duplicate_pages: [...level2.values()].filter((v) => v.length > 1).length,
    p50_ms: round(percentile(pageLateness, 50)), p99_ms: round(p99), max_ms: round(pageLateness.at(-1) ?? NaN),
    commit_p50_ms: round(percentile(commitLateness, 50)), commit_p99_ms: round(percentile(commitLateness, 99)),
    level1_after_declaration_p50_ms: round(percentile(firstPage, 50)), level1_after_declaration_p99_ms: round(percentile(firstPage, 99)),
    level1_after_declaration_max_ms: round(firstPage.at(-1) ?? NaN),
    target: `p99 <= ${TARGET_P99_MS} ms`, verdict: pageLateness.length === count && p99 <= TARGET_P99_MS ? 'met' : 'missed',
  });
} finally {
  server.kill('SIGTERM');
  await exited;
  await pd.close();
  await store.cleanup();
}
process.exit(0);
