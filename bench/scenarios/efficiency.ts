// Bench: Firebreak's efficiency next to this machine's ceiling, in one run, on PostgreSQL.
//
// The ceiling is the least a webhook receiver can do: a plain node:http server (its own process,
// like Firebreak's) that checks the same Bearer token, parses the JSON and does one INSERT into a
// scratch table over a pool of the same size. Firebreak runs as `firebreak start` in its own process,
// against a fake Slack Web API on loopback that answers at once (in this process). Four figures:
//   a. known alert (a repeat of an open alert) at saturation: throughput / the ceiling's
//   b. known alert at a fixed 200/s: p99 / the ceiling's p99 at 200/s
//   c. alerts that declare incidents: server CPU per declared incident, and at 200 new incidents/s
//      how long after the load stops until the backlog (outbox, due timers and inbox) is drained
//   d. the server's resident memory at ready, after 10,000 and after 30,000 incidents
// Fixed rates use the open-loop generator below (one keep-alive agent, requests sent on schedule
// whatever the answers do); saturation uses autocannon. Both share the machine's cores with the
// servers, alike for the ceiling and Firebreak. Arguments: `postgres [incidents=30000]`.
// To profile: EFFICIENCY_PHASES=a,c (a subset) and EFFICIENCY_SERVER_NODE_OPTIONS='--cpu-prof
// --cpu-prof-dir=/tmp/prof' (or --heapsnapshot-signal=SIGUSR2) are passed to the Firebreak server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { Secret } from '../../src/config/secret.js';
import { verifyBearer } from '../../src/integrations/verify.js';
import { startFakeSlack } from '../../test/support/fake-slack.js';
import { freePort } from '../../test/support/http.js';
import { freshStoreEnv, percentile, report } from '../support.js';

const TOKEN = 'bench-token-0123456789';
const ANNOUNCE = 'C0BENCHANN';
const POOL_SIZE = 10; // Firebreak's default PostgreSQL pool
const self = fileURLToPath(import.meta.url);

/** The ceiling: verify the Bearer token, parse, one INSERT, answer 202. */
async function ceilingServer(port: number, url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  pool.on('error', () => undefined);
  await pool.query('create table if not exists bench_ceiling (id bigint generated always as identity primary key, key text not null, body jsonb not null, at timestamptz not null default now())');
  const token = new Secret(TOKEN);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifyBearer(req.headers, token, 'WEBHOOK_TOKEN').ok) return void res.writeHead(401).end();
      let body: { key?: unknown };
      try {
        body = JSON.parse(raw.toString('utf8')) as { key?: unknown };
      } catch {
        return void res.writeHead(400).end();
      }
      pool.query('insert into bench_ceiling (key, body) values ($1, $2)', [String(body.key), raw.toString('utf8')]).then(
        () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}'),
        () => res.writeHead(503).end(),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
}

interface Proc {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function waitReady(url: string, proc: ChildProcess): Promise<void> {
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}) before it was ready`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error('server did not become ready');
    await sleep(100);
  }
}

function stopper(proc: ChildProcess) {
  return async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  };
}

/** Server CPU (user + system, ms) and resident memory (MB), read from /proc as the kernel counts them. */
function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}
/** User and system (kernel: sockets, syscalls) CPU time of a process, ms. */
function cpuSplitMs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(fields[11]) * 1000) / 100, system: (Number(fields[12]) * 1000) / 100 }; // CLK_TCK is 100 on Linux
}
function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round(kb / 1024);
}

function alertBody(key: string, service: string): string {
  return JSON.stringify({ key, status: 'firing', title: `Latency high on ${service}`, severity: 'sev2', service, tags: { env: 'bench' } });
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Open loop: request n is sent at start + n/rate whatever earlier answers do; latency from its send. */
async function fixedRate(url: string, rate: number, seconds: number, body: (n: number) => string) {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 10;
  for (let n = 0; n < total; n++) {
    const wait = start + (n * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    const sent = performance.now();
    pending.push(post(url, body(n)).then((status) => {
      latencies.push(performance.now() - sent);
      if (status < 200 || status > 299) non2xx++;
    }));
  }
  const sentFor = (performance.now() - start) / 1000;
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return { sent: total, sentFor, non2xx, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN };
}

async function saturate(url: string, seconds: number, body: (n: number) => string) {
  let n = 0;
  const r = await autocannon({
    url, method: 'POST', connections: 32, duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: body(n++) }) }],
  });
  return { rps: r.requests.average, non2xx: r.non2xx, errors: r.errors };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 2) => +x.toFixed(digits);

async function main(): Promise<void> {
  const total = Number(process.argv[3] ?? 30_000);
  const phases = new Set((process.env.EFFICIENCY_PHASES ?? 'a,b,c,d').split(','));
  const store = await freshStoreEnv('postgres');
  const db = new pg.Client({ connectionString: store.env.DATABASE_URL });
  await db.connect();
  // Profiling aid: count store function calls per declared incident (printed to stderr).
  const functionStats = process.env.EFFICIENCY_FUNCTION_STATS === '1';
  if (functionStats) await db.query(`alter database ${new URL(store.env.DATABASE_URL!).pathname.slice(1)} set track_functions = 'all'`);
  const calls = async () =>
    new Map((await db.query<{ funcname: string; calls: number }>('select funcname, calls::int from pg_stat_user_functions')).rows.map((r) => [r.funcname, r.calls]));
  // Two responders (invited; the first commands) and an announcement channel: a declaration makes
  // the Slack calls a configured team sees (channel, topic, invite, summary, pin, announcement, edits).
  const fake = await startFakeSlack({ users: [{ id: 'U0BENCH001', name: 'ada' }, { id: 'U0BENCH002', name: 'grace' }] });
  fake.state.channels.set(ANNOUNCE, { id: ANNOUNCE, name: 'incidents', is_private: false, is_archived: false, creator: 'U0BENCH001', created: 0, topic: '' });
  fake.state.members.set(ANNOUNCE, new Set([fake.state.botUserId]));
  const dir = mkdtempSync(join(tmpdir(), 'fb-bench-efficiency-'));
  // No storm cap: the declaration figures measure the declaring path itself.
  writeFileSync(join(dir, 'firebreak.yaml'), [
    'routing:', '  defaults: { declare: sev2, responders: [U0BENCH001, U0BENCH002] }',
    'sources: { max_declarations_per_minute: false }', `slack: { announce_channel: ${ANNOUNCE} }`, '',
  ].join('\n'));
  const fbPort = await freePort();
  const fbProc = spawn(process.execPath, [fileURLToPath(new URL('../../src/cli/index.js', import.meta.url)), 'start'], {
    env: {
      PATH: process.env.PATH ?? '', PORT: String(fbPort), WEBHOOK_TOKEN: TOKEN, LOG_LEVEL: 'warn', ...store.env,
      FIREBREAK_CONFIG: join(dir, 'firebreak.yaml'),
      SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: fake.url,
      ...(process.env.EFFICIENCY_SERVER_NODE_OPTIONS && { NODE_OPTIONS: process.env.EFFICIENCY_SERVER_NODE_OPTIONS }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const fb: Proc = { url: `http://127.0.0.1:${fbPort}/webhooks/generic`, proc: fbProc, stop: stopper(fbProc) };
  const ceilPort = await freePort();
  const ceilProc = spawn(process.execPath, [self, 'ceiling', String(ceilPort), store.env.DATABASE_URL!], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ceiling: Proc = { url: `http://127.0.0.1:${ceilPort}/`, proc: ceilProc, stop: stopper(ceilProc) };
  const pid = fbProc.pid!;
  // If this process dies first (a dropped database, a crash), the servers must not outlive it.
  process.on('exit', () => {
    fbProc.kill('SIGKILL');
    ceilProc.kill('SIGKILL');
  });
  db.on('error', (err) => process.stderr.write(`bench database connection: ${err.message}\n`));
  try {
    await waitReady(`http://127.0.0.1:${fbPort}/readyz`, fbProc);
    await waitReady(ceiling.url, ceilProc);
    await sleep(2000);
    const readyRss = rssMb(pid);

    /** Nothing left to do: no unfinished effect, no due timer or inbox event. */
    const backlog = async () => {
      const r = await db.query<{ outbox: number; due: number }>(
        "select (select count(*) from outbox where status in ('pending', 'running'))::int as outbox, (select count(*) from timers where due_at <= now())::int as due",
      );
      return r.rows[0]!.outbox + r.rows[0]!.due;
    };
    const drained = async (timeoutMs: number) => {
      const started = performance.now();
      while (performance.now() - started < timeoutMs) {
        if ((await backlog()) === 0) return (performance.now() - started) / 1000;
        await sleep(100);
      }
      return Infinity;
    };
    let declared = 0;
    const declare = async (rate: number, count: number) => {
      const from = declared;
      declared += count;
      return fixedRate(fb.url, rate, count / rate, (n) => alertBody(`new-${from + n}`, `new-svc-${from + n}`));
    };

    // Seed: 50 open incidents whose alerts the known-alert phases repeat; a short warm-up for both.
    const KNOWN = 50;
    await fixedRate(fb.url, 50, 1, (n) => alertBody(`known-${n}`, `known-svc-${n}`));
    declared += KNOWN;
    await drained(120_000);
    const known = (n: number) => alertBody(`known-${n % KNOWN}`, `known-svc-${n % KNOWN}`);
    await fixedRate(ceiling.url, 200, 3, known);
    await fixedRate(fb.url, 200, 3, known);

    // a. Saturation, alternating so drift hits both alike; the median of the pairs' ratios.
    if (phases.has('a')) {
      const sat: Array<{ ceiling: number; firebreak: number }> = [];
      for (let round = 0; round < 3; round++) {
        const c = await saturate(ceiling.url, 5, known);
        const f = await saturate(fb.url, 5, known);
        sat.push({ ceiling: c.rps, firebreak: f.rps });
        if (f.non2xx + f.errors > 0) process.stderr.write(`saturation: firebreak answered ${f.non2xx} non-2xx, ${f.errors} errors\n`);
      }
      report({
        bench: 'efficiency: known alert, saturation', store: 'postgres', connections: 32,
        ceiling_rps: Math.round(median(sat.map((s) => s.ceiling))), firebreak_rps: Math.round(median(sat.map((s) => s.firebreak))),
        ratio: round(median(sat.map((s) => s.firebreak / s.ceiling))), ratios: sat.map((s) => round(s.firebreak / s.ceiling)).join('/'), goal: '>= 0.5',
      });
      await drained(60_000);
    }

    // b. Fixed 200/s, alternating; p99 ratio per pair, the median quoted.
    if (phases.has('b')) {
      const fixed: Array<{ ceiling: number; firebreak: number; non2xx: number }> = [];
      for (let round = 0; round < 3; round++) {
        const c = await fixedRate(ceiling.url, 200, 8, known);
        const f = await fixedRate(fb.url, 200, 8, known);
        fixed.push({ ceiling: c.p99, firebreak: f.p99, non2xx: f.non2xx + c.non2xx });
      }
      report({
        bench: 'efficiency: known alert at 200/s', store: 'postgres',
        ceiling_p99_ms: round(median(fixed.map((s) => s.ceiling))), firebreak_p99_ms: round(median(fixed.map((s) => s.firebreak))),
        ratio: round(median(fixed.map((s) => s.firebreak / s.ceiling))), ratios: fixed.map((s) => round(s.firebreak / s.ceiling)).join('/'),
        non_2xx: fixed.reduce((s, f) => s + f.non2xx, 0), goal: '<= 2',
      });
      await drained(60_000);
      await sleep(2500); // the known incidents' debounced summary edits
      await drained(60_000);
    }

    // c. CPU per declared incident: 500 incidents at 50/s, until everything they started is done.
    if (phases.has('c')) {
      const callsBefore = functionStats ? await calls() : null;
      const slackBefore = fake.calls.length;
      const cpuBefore = cpuSplitMs(pid);
      const paced = await declare(50, 500);
      const pacedDrain = await drained(300_000);
      const cpuAfter = cpuSplitMs(pid);
      const cpuPerIncident = (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / 500;
      const systemPerIncident = (cpuAfter.system - cpuBefore.system) / 500;
      const slackPerIncident = (fake.calls.length - slackBefore) / 500;
      if (callsBefore) {
        await sleep(1500); // backends report their counts about once a second
        const per = [...(await calls())].map(([f, n]) => [f, (n - (callsBefore.get(f) ?? 0)) / 500] as const).filter(([, n]) => n > 0);
        for (const [f, n] of per.sort((a, b) => b[1] - a[1])) process.stderr.write(`store calls per incident: ${f} ${n.toFixed(2)}\n`);
      }
      // … and 200 new incidents/s for 10 s: how long after the last request until the backlog is gone.
      const cpuBurst = cpuMs(pid);
      const burst = await declare(200, 2000);
      const drainSeconds = await drained(300_000);
      report({
        bench: 'efficiency: declared incidents', store: 'postgres', chat: 'fake Slack answering at once',
        cpu_ms_per_incident: round(cpuPerIncident, 1), of_which_kernel_ms: round(systemPerIncident, 1), slack_calls_per_incident: round(slackPerIncident, 1),
        paced_non_2xx: paced.non2xx, paced_drain_s: round(pacedDrain, 1),
        burst_sent_s: round(burst.sentFor, 1), burst_p99_ms: round(burst.p99, 1), burst_non_2xx: burst.non2xx,
        burst_drain_s: Number.isFinite(drainSeconds) ? round(drainSeconds, 1) : 'not within 300 s',
        burst_cpu_ms_per_incident: round((cpuMs(pid) - cpuBurst) / 2000, 1), goal: '<= 8 ms, drains <= 10 s',
      });
      fake.calls.splice(0);
    }

    // d. Resident memory at ready, after 10,000 and after `total` incidents (1,000 at 200/s, drained, …).
    if (phases.has('d')) {
      const rssAt: Record<number, number> = {};
      const first = Math.min(10_000, Math.round(total / 3));
      for (const mark of [first, total]) {
        while (declared < mark) {
          await declare(200, Math.min(1000, mark - declared));
          await drained(600_000);
          fake.calls.splice(0);
        }
        await sleep(3000);
        rssAt[mark] = rssMb(pid);
        // With EFFICIENCY_SERVER_NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2: a heap snapshot at each mark.
        if (process.env.EFFICIENCY_HEAP_SNAPSHOTS === '1') {
          fbProc.kill('SIGUSR2');
          await sleep(30_000);
        }
      }
      report({
        bench: 'efficiency: resident memory', store: 'postgres', rss_ready_mb: readyRss, [`rss_${first}_mb`]: rssAt[first],
        [`rss_${total}_mb`]: rssAt[total], [`growth_after_${first}_mb`]: rssAt[total]! - rssAt[first]!, goal: 'flat after 10,000',
      });
    }
  } finally {
    await Promise.all([fb.stop(), ceiling.stop()]);
    agent.destroy();
    await db.end();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    await store.cleanup();
  }
  process.exit(0);
}

if (process.argv[2] === 'ceiling') {
  await ceilingServer(Number(process.argv[3]), process.argv[4]!);
} else {
  await main();
}
